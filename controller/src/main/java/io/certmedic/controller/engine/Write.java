package io.certmedic.controller.engine;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * A change a reconciler wants made, with the Event that tells users why. Updates replace the whole
 * object guarded by its {@code metadata.resourceVersion}: a 409 means someone else changed it
 * first, and the key is reconciled again from a fresh read.
 */
public sealed interface Write {

  /** The object as it should be after the write (for a delete: as it was). */
  HasMetadata object();

  /** The Event reason, CamelCase ({@code Issued}, {@code Reissued}, {@code CABundleInjected}). */
  String reason();

  /** The Event message: what changed and why, naming the objects. */
  String message();

  record Create(HasMetadata object, String reason, String message) implements Write {
    public Create {
      requireNonNull(object, "object == null");
      requireNonNull(reason, "reason == null");
      requireNonNull(message, "message == null");
    }
  }

  record Update(HasMetadata object, String reason, String message) implements Write {
    public Update {
      requireNonNull(object, "object == null");
      requireNonNull(reason, "reason == null");
      requireNonNull(message, "message == null");
    }
  }

  /**
   * An RFC 6902 JSON Patch of an existing object: {@code object} is the object as it should be
   * after (the cache's copy with the change made), {@code patch} the operations sent, the first of
   * which tests the {@code metadata.resourceVersion} it was read at, so a stale patch fails as an
   * update would. Needs only the {@code patch} verb, never {@code update}.
   */
  record Patch(HasMetadata object, String patch, String reason, String message) implements Write {
    public Patch {
      requireNonNull(object, "object == null");
      requireNonNull(patch, "patch == null");
      requireNonNull(reason, "reason == null");
      requireNonNull(message, "message == null");
    }
  }

  record Delete(HasMetadata object, String reason, String message) implements Write {
    public Delete {
      requireNonNull(object, "object == null");
      requireNonNull(reason, "reason == null");
      requireNonNull(message, "message == null");
    }
  }
}
