package io.certmedic.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.certmedic.core.testing.TestPki;
import io.certmedic.core.testing.TestPki.Cert;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainOrderTest {

  private static final Cert ROOT = TestPki.ca("root").build();
  private static final Cert INTER = TestPki.ca("intermediate").signedBy(ROOT).build();
  private static final Cert LEAF = TestPki.leaf("svc.ns.svc").signedBy(INTER).build();
  private static final Cert STRAY = TestPki.ca("stray").build();

  @Test
  void keepsAWellOrderedChainAndFindsNothingWrong() {
    ChainOrder o = ChainOrder.of(certs(LEAF, INTER, ROOT), "tls.crt");
    assertThat(o.ordered()).containsExactlyElementsOf(certs(LEAF, INTER, ROOT));
    assertThat(o.problems()).isEmpty();
  }

  @Test
  void ordersTheCaListedFirstAndSaysSo() {
    ChainOrder o = ChainOrder.of(certs(ROOT, INTER, LEAF), "tls.crt");
    assertThat(o.ordered()).containsExactlyElementsOf(certs(LEAF, INTER, ROOT));
    assertThat(o.problems()).containsExactly("tls.crt lists the CA before the leaf");
  }

  @Test
  void saysWhenTheLeafIsFirstButTheRestIsShuffled() {
    ChainOrder o = ChainOrder.of(certs(LEAF, ROOT, INTER), "tls.crt");
    assertThat(o.ordered()).containsExactlyElementsOf(certs(LEAF, INTER, ROOT));
    assertThat(o.problems())
        .containsExactly(
            "tls.crt lists the chain out of order: each certificate should be followed by its issuer");
  }

  @Test
  void namesTheMissingIntermediate() {
    ChainOrder o = ChainOrder.of(certs(LEAF, ROOT), "tls.crt");
    assertThat(o.ordered()).containsExactlyElementsOf(certs(LEAF));
    assertThat(o.unrelated()).containsExactlyElementsOf(certs(ROOT));
    assertThat(o.problems())
        .containsExactly(
            "intermediate missing: nothing in tls.crt issued \"svc.ns.svc\" (its issuer is CN=intermediate)",
            "tls.crt holds \"root\", which is not in the leaf's chain");
  }

  @Test
  void aLeafWithoutItsRootIsNotAProblem() {
    assertThat(ChainOrder.of(certs(LEAF, INTER), "tls.crt").problems()).isEmpty();
  }

  @Test
  void reportsDuplicatesAndStrays() {
    ChainOrder o = ChainOrder.of(certs(LEAF, INTER, INTER, STRAY), "tls.crt");
    assertThat(o.ordered()).containsExactlyElementsOf(certs(LEAF, INTER));
    assertThat(o.problems())
        .contains(
            "tls.crt lists \"intermediate\" twice",
            "tls.crt holds \"stray\", which is not in the leaf's chain");
  }

  private static List<X509Certificate> certs(Cert... cs) {
    return java.util.Arrays.stream(cs).map(Cert::cert).toList();
  }
}
