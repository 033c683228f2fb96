package io.certmedic.core.explain.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How hosts in lines are matched to kubeconfig servers and Ingress hosts. */
class ObjectFinderTest {

  @Test
  void aKubeconfigServerMatchesOnHostAndPortWithHttpsDefaultingTo443() {
    assertThat(ObjectFinder.sameServer("https://API.example", "api.example", 443)).isTrue();
    assertThat(ObjectFinder.sameServer("https://api.example:6443", "api.example", 443)).isFalse();
    assertThat(ObjectFinder.sameServer("https://[::1]:6443", "::1", 6443)).isTrue();
    assertThat(ObjectFinder.sameServer("not a url", "api.example", null)).isFalse();
  }

  @Test
  void anIngressWildcardHostMatchesExactlyOneLabel() {
    assertThat(ObjectFinder.hostMatches("*.shop.example", "cart.shop.example")).isTrue();
    assertThat(ObjectFinder.hostMatches("*.shop.example", "a.cart.shop.example")).isFalse();
    assertThat(ObjectFinder.hostMatches("*.shop.example", "shop.example")).isFalse();
  }
}
