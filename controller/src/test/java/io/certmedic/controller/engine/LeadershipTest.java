package io.certmedic.controller.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.certmedic.controller.engine.testing.RbacAudit;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class LeadershipTest {

  /** A lease duration and a few jittered retry periods: the longest a takeover may take. */
  private static final Duration TAKEOVER =
      TestOptions.LEASE.plus(TestOptions.RETRY.multipliedBy(3));

  KubernetesMockServer server;
  KubernetesClient client;

  private final List<AutoCloseable> open = new ArrayList<>();

  /** Records each start and stop, in order. */
  private static final class Log implements Leadership.Listener {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void startedLeading() {
      calls.add("start");
    }

    @Override
    public void stoppedLeading() {
      calls.add("stop");
    }
  }

  private record Candidate(Leadership leadership, Log log, String identity) {}

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private Candidate candidate(String identity) {
    KubernetesClient own =
        server.createClient(b -> b.editOrNewConfig().withUserAgent(Replica.USER_AGENT).endConfig());
    Log log = new Log();
    Leadership l = new Leadership(own, TestOptions.options(identity, true, 1, List.of()), log);
    open.add(own);
    open.add(0, l);
    l.start();
    return new Candidate(l, log, identity);
  }

  @Test
  void exactlyOneOfTwoLeadsAndTheOtherTakesOverWhenItLeaves() throws Exception {
    // Given two replicas standing for election on one Lease, their calls audited
    RbacAudit audit = RbacAudit.of(server, Replica.USER_AGENT, TestOptions.NAMESPACE);
    Candidate a = candidate("replica-a");
    Candidate b = candidate("replica-b");

    // When the election settles
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> a.leadership().isLeader() || b.leadership().isLeader());
    Candidate leader = a.leadership().isLeader() ? a : b;
    Candidate standby = leader == a ? b : a;

    // Then exactly one leads, for longer than a lease, and the Lease names it
    for (int i = 0; i < 12; i++) {
      assertThat(a.leadership().isLeader() ^ b.leadership().isLeader())
          .as("exactly one leads")
          .isTrue();
      Thread.sleep(TestOptions.LEASE.toMillis() / 8);
    }
    assertThat(leader.log().calls).containsExactly("start");
    assertThat(standby.log().calls).isEmpty();
    Lease lease =
        client.leases().inNamespace(TestOptions.NAMESPACE).withName("certmedic-controller").get();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leader.identity());
    await()
        .atMost(Duration.ofSeconds(2))
        .until(
            () -> standby.leadership().leader().equals(java.util.Optional.of(leader.identity())));

    // When the leader leaves
    long left = System.nanoTime();
    leader.leadership().close();

    // Then it stopped leading at once, and the other leads within a lease duration (plus its retry)
    assertThat(leader.leadership().isLeader()).isFalse();
    assertThat(leader.log().calls).containsExactly("start", "stop");
    await().atMost(TAKEOVER).until(() -> standby.leadership().isLeader());
    assertThat(Duration.ofNanos(System.nanoTime() - left)).isLessThan(TAKEOVER);
    assertThat(standby.log().calls).containsExactly("start");
    assertThat(
            client
                .leases()
                .inNamespace(TestOptions.NAMESPACE)
                .withName("certmedic-controller")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isEqualTo(standby.identity());

    // And leader election used only calls Rbac allows on the Lease
    assertThat(audit.assertAllowed())
        .extracting(RbacAudit.Call::verb)
        .contains("get", "create", "patch");
  }

  @Test
  void withoutLeaderElectionItLeadsAtOnce() {
    Log log = new Log();
    Leadership l = new Leadership(client, TestOptions.single("replica-a"), log);
    l.start();
    assertThat(l.isLeader()).isTrue();
    assertThat(log.calls).containsExactly("start");
    l.close();
    assertThat(l.isLeader()).isFalse();
    assertThat(log.calls).containsExactly("start", "stop");
    assertThat(client.leases().inAnyNamespace().list().getItems()).isEmpty();
  }
}
