package io.certmedic.controller.engine;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a reconciler's {@link Write}s with the fabric8 client and tells users about each with a
 * core/v1 Event on the object written.
 *
 * <ul>
 *   <li>Create posts the object (without resourceVersion, uid or managedFields, so a copy of a
 *       cached object can be created elsewhere).
 *   <li>Update puts the whole object guarded by its resourceVersion; a 409 is a {@link
 *       ConflictException}, so the key is retried from the fresh cache.
 *   <li>Patch sends a JSON Patch guarded by the resourceVersion; a 409 (or the 422 of a failed
 *       {@code test} operation) is a {@link ConflictException} too.
 *   <li>Delete removes the object, guarded by its resourceVersion when it has one; already gone is
 *       done.
 * </ul>
 *
 * <p>A {@link Result.Problem} becomes a Warning Event once per (object uid, reason, message),
 * remembered in memory, so a reconcile loop does not spam. An Event that cannot be created is
 * logged and never fails the write. Nothing here logs an object's content: Secrets hold keys.
 */
public final class Writer {

  /** The Event source: who users see acting on their objects. */
  public static final String COMPONENT = "certmedic-controller";

  /**
   * Events about cluster-scoped objects (webhook configurations, CRDs, APIServices) go here, as
   * kubectl looks for them.
   */
  public static final String CLUSTER_EVENT_NAMESPACE = "default";

  /**
   * Event messages are cut to this many characters; the API server refuses longer notes
   * (events.k8s.io: 1 KiB).
   */
  public static final int MAX_EVENT_MESSAGE = 1024;

  /**
   * Warnings remembered to deduplicate: enough for every object in a large cluster to have one
   * problem, a few MB at most.
   */
  public static final int MAX_REMEMBERED_PROBLEMS = 10_000;

  /**
   * Event names are {@code <object>.<hex nanos>} (as client-go names them) and stay within the 253
   * characters a name may have.
   */
  private static final int MAX_NAME = 253;

  private static final int SUFFIX = 1 + 16;

  static final String NORMAL = "Normal";
  static final String WARNING = "Warning";

  private static final Logger log = LoggerFactory.getLogger(Writer.class);
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

  private final KubernetesClient client;
  private final String identity;
  private final Clock clock;
  private final AtomicLong lastEventNanos = new AtomicLong();
  private final Map<String, Boolean> warned =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > MAX_REMEMBERED_PROBLEMS;
        }
      };

  /**
   * @param identity this replica (the pod name), put on Events as {@code reportingInstance}
   * @param clock stamps the Events
   */
  public Writer(KubernetesClient client, String identity, Clock clock) {
    this.client = requireNonNull(client, "client == null");
    this.identity = requireNonNull(identity, "identity == null");
    this.clock = requireNonNull(clock, "clock == null");
  }

  /**
   * Makes {@code write} and records its Normal Event.
   *
   * @return the object as the API server returned it (for a delete: as given)
   * @throws ConflictException on HTTP 409: the object changed since it was read, or a create met an
   *     existing object
   * @throws KubernetesClientException when the API server refuses the write otherwise
   */
  public HasMetadata apply(Write write) {
    requireNonNull(write, "write == null");
    HasMetadata object = write.object();
    String what = describe(object);
    HasMetadata written;
    String verb;
    try {
      if (write instanceof Write.Create) {
        verb = "created";
        written = client.resource(forCreate(object)).create();
      } else if (write instanceof Write.Update) {
        verb = "updated";
        if (object.getMetadata().getResourceVersion() == null) {
          throw new IllegalArgumentException(
              "an update of " + what + " must carry the resourceVersion it was read at");
        }
        written = client.resource(forUpdate(object)).update();
      } else if (write instanceof Write.Patch p) {
        verb = "patched";
        written =
            client
                .resource(forUpdate(object))
                .patch(
                    io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON),
                    p.patch());
      } else {
        verb = "deleted";
        String rv = object.getMetadata().getResourceVersion();
        var deleted =
            rv == null
                ? client.resource(object).delete()
                : client.resource(object).lockResourceVersion(rv).delete();
        if (deleted.isEmpty()) {
          log.debug("{} was already gone", what);
          return object;
        }
        written = object;
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409 && write instanceof Write.Create) {
        existing(object, write);
        throw new ConflictException(
            what,
            what
                + " already exists and is not in certmedic's cache (certmedic did not make it): "
                + reason(e),
            e);
      }
      if (e.getCode() == 422 && write instanceof Write.Patch) {
        // the API server answers a failed JSON Patch "test" (the resourceVersion moved on) 422
        throw new ConflictException(what, what + " changed since it was read: " + reason(e), e);
      }
      if (e.getCode() == 409) {
        throw new ConflictException(what, what + " changed since it was read: " + reason(e), e);
      }
      throw e;
    }
    log.info("{} {}: {} {}", verb, what, write.reason(), write.message());
    event(written == null ? object : written, NORMAL, write.reason(), write.message());
    return written;
  }

  /**
   * A create met an object certmedic's caches do not hold (a Secret without its label, made by a
   * user or another tool): it is never overwritten, and a Warning Event on it says why certmedic
   * does not manage it.
   */
  private void existing(HasMetadata wanted, Write write) {
    try {
      HasMetadata found = client.resource(wanted).get();
      if (found != null) {
        warn(
            new Result.Problem(
                found,
                "AlreadyExists",
                describe(found)
                    + " exists and was not made by certmedic (no label "
                    + io.certmedic.controller.Annotations.MANAGED_LABEL
                    + "=true); certmedic will not overwrite it: delete it, or point the annotation"
                    + " elsewhere (wanted: "
                    + write.message()
                    + ")"));
      }
    } catch (KubernetesClientException e) {
      log.debug("could not read {} after a create conflict: {}", describe(wanted), reason(e));
    }
  }

  /**
   * Records {@code problem} as a Warning Event on its object unless the same one was recorded
   * already (same uid, reason and message).
   */
  public void warn(Result.Problem problem) {
    requireNonNull(problem, "problem == null");
    ObjectMeta m = problem.object().getMetadata();
    String id =
        (m.getUid() != null ? m.getUid() : describe(problem.object()))
            + '\u0000'
            + problem.reason()
            + '\u0000'
            + problem.message();
    synchronized (warned) {
      if (warned.containsKey(id)) {
        return;
      }
    }
    log.warn("{}: {} {}", describe(problem.object()), problem.reason(), problem.message());
    if (event(problem.object(), WARNING, problem.reason(), problem.message())) {
      synchronized (warned) {
        warned.put(id, Boolean.TRUE);
      }
    }
  }

  /**
   * {@code Kind ns/name}, or {@code Kind name} when cluster-scoped: how logs and messages name an
   * object.
   */
  public static String describe(HasMetadata o) {
    ObjectMeta m = o.getMetadata();
    String ns = m == null ? null : m.getNamespace();
    String name = m == null ? null : m.getName();
    return o.getKind() + " " + (ns == null || ns.isEmpty() ? name : ns + "/" + name);
  }

  /** The API server's reason for refusing a request, never the object sent. */
  static String reason(KubernetesClientException e) {
    Status s = e.getStatus();
    String message = s != null && s.getMessage() != null ? s.getMessage() : firstLine(e);
    return "HTTP " + e.getCode() + ": " + message;
  }

  private boolean event(HasMetadata on, String type, String reason, String message) {
    ObjectMeta m = on.getMetadata();
    boolean clusterScoped = m.getNamespace() == null || m.getNamespace().isEmpty();
    String ns = clusterScoped ? CLUSTER_EVENT_NAMESPACE : m.getNamespace();
    Instant now = clock.instant();
    String stamp = RFC3339.format(now.truncatedTo(ChronoUnit.SECONDS));
    Event e =
        new EventBuilder()
            .withNewMetadata()
            .withName(eventName(m.getName(), now))
            .withNamespace(ns)
            .endMetadata()
            .withInvolvedObject(
                new ObjectReferenceBuilder()
                    .withApiVersion(on.getApiVersion())
                    .withKind(on.getKind())
                    .withNamespace(clusterScoped ? null : m.getNamespace())
                    .withName(m.getName())
                    .withUid(m.getUid())
                    .withResourceVersion(m.getResourceVersion())
                    .build())
            .withType(type)
            .withReason(reason)
            .withMessage(
                message.length() <= MAX_EVENT_MESSAGE
                    ? message
                    : message.substring(0, MAX_EVENT_MESSAGE - 3) + "...")
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .withReportingComponent(COMPONENT)
            .withReportingInstance(identity)
            .withFirstTimestamp(stamp)
            .withLastTimestamp(stamp)
            .withCount(1)
            .build();
    try {
      client.v1().events().inNamespace(ns).resource(e).create();
      return true;
    } catch (KubernetesClientException ex) {
      log.warn(
          "could not record the {} Event {} on {}: {}", type, reason, describe(on), reason(ex));
      return false;
    }
  }

  /**
   * Unique per writer even when the clock stands still (tests) or two Events fall in the same
   * nanosecond.
   */
  private String eventName(String objectName, Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    long n = lastEventNanos.updateAndGet(last -> Math.max(last + 1, nanos));
    String prefix =
        objectName.length() > MAX_NAME - SUFFIX
            ? objectName.substring(0, MAX_NAME - SUFFIX)
            : objectName;
    return prefix + "." + Long.toHexString(n);
  }

  private HasMetadata forCreate(HasMetadata o) {
    HasMetadata copy = client.getKubernetesSerialization().clone(o);
    ObjectMeta m = copy.getMetadata();
    m.setResourceVersion(null);
    m.setUid(null);
    m.setCreationTimestamp(null);
    m.setGeneration(null);
    m.setManagedFields(null);
    return copy;
  }

  private HasMetadata forUpdate(HasMetadata o) {
    HasMetadata copy = client.getKubernetesSerialization().clone(o);
    copy.getMetadata().setManagedFields(null);
    return copy;
  }

  /**
   * The first line of an exception's message, for errors the API server did not explain in a
   * Status.
   */
  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
