package io.certmedic.kube.preflight;

import static java.util.Objects.requireNonNull;

import io.certmedic.core.finding.ObjectRef;
import io.certmedic.core.operator.KnownOperators;
import io.certmedic.core.pem.BoundedInputStream;
import io.certmedic.core.snapshot.Caller;
import io.certmedic.core.snapshot.ClientConfig;
import io.certmedic.core.snapshot.SecretRecord;
import io.certmedic.core.snapshot.Snapshot;
import io.certmedic.core.snapshot.SnapshotBuilder;
import io.certmedic.core.snapshot.WorkloadRecord;
import io.certmedic.core.text.Shell;
import io.certmedic.kube.manifest.Document;
import io.certmedic.kube.manifest.ManifestException;
import io.certmedic.kube.manifest.ManifestReader;
import io.certmedic.kube.manifest.ManifestSink;
import io.certmedic.kube.snapshot.DumpReader;
import io.certmedic.kube.snapshot.InputPaths;
import io.certmedic.kube.snapshot.SnapshotReader;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Gathers what {@code certmedic preflight} judges: the current state (read once, as the doctor
 * reads it) and the state the upgrade would leave, built from the current snapshot's records minus
 * what the {@link Overlay} replaces or removes, plus the overlaid documents. Only the documents the
 * upgrade touches are kept while the current state is read, so a large dump is neither held twice
 * nor parsed twice.
 */
public final class Preflight {

  /** Kinds the snapshot maps to records; any other kind is counted as ignored. */
  private static final Set<String> MAPPED =
      Set.of(
          "Secret",
          "ConfigMap",
          "Service",
          "Deployment",
          "StatefulSet",
          "DaemonSet",
          "ReplicaSet",
          "Job",
          "CronJob",
          "Pod",
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration",
          "CustomResourceDefinition",
          "APIService",
          "Config",
          "Certificate");

  /** The two states and what changed between them that matters for TLS. */
  public record Prediction(
      Snapshot current, Snapshot predicted, List<Change> changes, Overlay.Result overlay) {
    public Prediction {
      requireNonNull(current, "current == null");
      requireNonNull(predicted, "predicted == null");
      changes = List.copyOf(changes);
      requireNonNull(overlay, "overlay == null");
    }
  }

  /** Reads the current state, passing every document through the given tap. */
  @FunctionalInterface
  public interface CurrentReader {
    Snapshot read(UnaryOperator<ManifestSink> tap) throws ManifestException;
  }

  /**
   * The render: its documents, and the documents that could not be read ({@code where: problem}).
   */
  public record Render(List<Document> documents, List<String[]> unreadable) {
    public Render {
      documents = List.copyOf(documents);
      unreadable = List.copyOf(unreadable);
    }
  }

  private Preflight() {}

  /**
   * Reads the current state through {@code reader} and predicts the state after {@code overlay}.
   */
  public static Prediction predict(CurrentReader reader, Overlay overlay, Render render)
      throws ManifestException {
    List<Document> touched = new ArrayList<>();
    Snapshot current = reader.read(next -> new Tap(next, overlay, touched));
    Overlay.Result r = overlay.apply(touched);
    Set<ObjectRef> dropped = new HashSet<>();
    r.dropped().forEach(k -> dropped.add(ObjectRef.of(k.kind(), k.namespace(), k.name())));
    List<Change> deregistered = deregistered(current, r);
    deregistered.forEach(
        c ->
            dropped.add(
                ObjectRef.of(c.object().substring(0, c.object().indexOf(' ')), "", name(c))));
    SnapshotBuilder b = Snapshot.builder().addAll(current, ref -> !dropped.contains(ref));
    for (Document d : touched) {
      if (!MAPPED.contains(d.kind()) && current.ignoredKinds().containsKey(d.kind())) {
        b.ignored(d.kind(), -1); // counted when read; replaced or removed now
      }
    }
    SnapshotReader mapper = new SnapshotReader(b);
    r.predicted().forEach(mapper::document);
    render.unreadable().forEach(u -> mapper.unreadable(u[0], u[1]));
    mapper.finish();
    Snapshot predicted = b.build();
    List<Change> changes = new ArrayList<>(r.changes());
    changes.addAll(deregistered);
    changes.addAll(dangling(predicted, r.removed()));
    changes.addAll(keptAsIs(current, predicted, r.how().keySet()));
    return new Prediction(current, predicted, changes, r);
  }

  /**
   * Secrets of today that a rendered workload's operator reuses as is, without checking the names
   * its certificate carries ({@link KnownOperators#keepsSecretAsIs}).
   */
  static List<Change> keptAsIs(Snapshot current, Snapshot predicted, Set<Overlay.Key> rendered) {
    List<Change> out = new ArrayList<>();
    for (WorkloadRecord w : predicted.workloads()) {
      ObjectRef ref = w.meta().ref();
      if (!rendered.contains(new Overlay.Key(ref.kind(), ref.namespace(), ref.name()))) {
        continue;
      }
      for (SecretRecord secret : current.secrets()) {
        if (!secret.meta().namespace().equals(ref.namespace())) {
          continue;
        }
        KnownOperators.keepsSecretAsIs(w, secret.meta().name(), secret.keys())
            .ifPresent(
                m ->
                    out.add(
                        new Change(
                            Change.Type.SECRET_KEPT_AS_IS,
                            secret.meta().ref().describe(),
                            "kept as is: "
                                + m.describe()
                                + " reuses a Secret that holds "
                                + String.join(", ", m.row().secretKeys())
                                + " without checking the names its certificate carries; to get a"
                                + " certificate for the new names, delete it before the upgrade"
                                + " (kubectl -n "
                                + Shell.quote(secret.meta().namespace())
                                + " delete secret "
                                + Shell.quote(secret.meta().name())
                                + ") so the new version makes one")));
      }
    }
    return out;
  }

  private static String name(Change c) {
    return c.object().substring(c.object().indexOf(' ') + 1);
  }

  /**
   * Webhook configurations the render replaces under another name that an operator registered at
   * run time ({@link KnownOperators.Role#REGISTERS_AT_RUN_TIME}) and deletes itself on a clean stop
   * (none of their webhooks fails closed), when the upgrade removes that operator: predicted
   * without them, with what their findings would be if the pod stopped uncleanly.
   */
  static List<Change> deregistered(Snapshot current, Overlay.Result r) {
    List<Change> out = new ArrayList<>();
    for (Overlay.Rename rename : r.renames()) {
      Overlay.Key from = rename.from();
      if (!from.kind().endsWith("WebhookConfiguration") || r.removed().contains(from)) {
        continue;
      }
      List<Caller> callers =
          current.callers().stream()
              .filter(
                  c ->
                      c.meta().ref().kind().equals(from.kind())
                          && c.meta().ref().name().equals(from.name()))
              .toList();
      if (callers.isEmpty() || callers.stream().anyMatch(Caller::failClosed)) {
        continue; // a fail-closed configuration is left registered: it stays, and is judged
      }
      for (KnownOperators.Match m :
          KnownOperators.of(current, callers.get(0), KnownOperators.Role.REGISTERS_AT_RUN_TIME)) {
        ObjectRef op = m.workload().meta().ref();
        if (!r.removed().contains(new Overlay.Key(op.kind(), op.namespace(), op.name()))) {
          continue;
        }
        ClientConfig.ServiceRef svc = callers.get(0).client().service();
        out.add(
            new Change(
                Change.Type.REMOVED_BY_OPERATOR,
                from.describe(),
                m.describe()
                    + " registered it at run time and deletes it itself on a clean stop, which this"
                    + " upgrade causes: predicted without it. If that pod stops uncleanly it stays"
                    + (svc == null
                        ? ""
                        : " and calls Service "
                            + svc.namespace()
                            + "/"
                            + svc.name()
                            + ", which the upgrade removes: an error SERVICE_NOT_FOUND (failurePolicy"
                            + " Ignore: what it checks goes through unchecked); delete it then with"
                            + " kubectl delete "
                            + from.kind().toLowerCase(Locale.ROOT)
                            + " "
                            + Shell.quote(from.name()))));
        break;
      }
    }
    return out;
  }

  /** Callers in the predicted state that still call a Service the upgrade removes. */
  static List<Change> dangling(Snapshot predicted, Set<Overlay.Key> removed) {
    List<Change> out = new ArrayList<>();
    for (Caller c : predicted.callers()) {
      ClientConfig.ServiceRef s = c.client().service();
      if (s != null && removed.contains(new Overlay.Key("Service", s.namespace(), s.name()))) {
        out.add(
            new Change(
                Change.Type.CALLER_LEFT_DANGLING,
                c.meta().ref().describe(),
                c.describe()
                    + " still calls Service "
                    + s.namespace()
                    + "/"
                    + s.name()
                    + ", which the upgrade removes"));
      }
    }
    return out.stream().distinct().toList();
  }

  /**
   * Reads rendered manifests from files, directories (*.yaml, *.yml, *.json) or {@code -} (stdin).
   */
  public static Render readRender(List<String> paths, InputStream stdin) throws ManifestException {
    Collect c = new Collect();
    for (String p : paths) {
      if ("-".equals(p)) {
        read(stdin, "stdin", c);
        continue;
      }
      Path path = Path.of(p);
      List<Path> files = new ArrayList<>();
      String problem = InputPaths.problem(path);
      if (problem != null) {
        throw new ManifestException(p + ": " + problem);
      }
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile)
              .filter(
                  f -> {
                    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                    return !n.startsWith(".")
                        && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
                  })
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          throw new ManifestException(p + ": cannot list the directory: " + e.getMessage());
        }
      } else {
        files.add(path);
      }
      for (Path f : files) {
        try (InputStream in = Files.newInputStream(f)) {
          read(in, f.toString(), c);
        } catch (NoSuchFileException e) {
          throw new ManifestException(f + ": no such file or directory");
        } catch (IOException e) {
          throw new ManifestException(f + ": cannot read: " + e.getMessage());
        }
      }
    }
    return new Render(c.documents, c.unreadable);
  }

  /** Reads the YAML {@code helm template} printed; {@code source} names it in locations. */
  public static Render readRender(String yaml, String source) throws ManifestException {
    Collect c = new Collect();
    read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), source, c);
    return new Render(c.documents, c.unreadable);
  }

  /** Bytes looked at for a NUL byte, the mark of a binary file (or a device) that is not YAML. */
  private static final int SNIFF_BYTES = 64 * 1024;

  private static void read(InputStream raw, String source, Collect c) throws ManifestException {
    try {
      BufferedInputStream in =
          new BufferedInputStream(
              new BoundedInputStream(raw, source, DumpReader.maxInputBytes()), 1 << 16);
      in.mark(SNIFF_BYTES);
      byte[] head = in.readNBytes(SNIFF_BYTES);
      in.reset();
      for (byte b : head) {
        if (b == 0) {
          throw new ManifestException(source + ": is a binary file, not YAML or JSON");
        }
      }
      ManifestReader.read(in, source, c);
    } catch (IOException e) {
      throw new ManifestException(source + ": cannot read: " + e.getMessage());
    }
  }

  private static final class Collect implements ManifestSink {
    final List<Document> documents = new ArrayList<>();
    final List<String[]> unreadable = new ArrayList<>();

    @Override
    public void document(Document d) {
      documents.add(d);
    }

    @Override
    public void unreadable(String where, String problem) {
      unreadable.add(new String[] {where, problem});
    }
  }

  /** Passes every document on and keeps those the overlay touches. */
  private record Tap(ManifestSink next, Overlay overlay, List<Document> touched)
      implements ManifestSink {
    @Override
    public void document(Document d) {
      if (overlay.touches(d)) {
        touched.add(d);
      }
      next.document(d);
    }

    @Override
    public void unreadable(String where, String problem) {
      next.unreadable(where, problem);
    }
  }
}
