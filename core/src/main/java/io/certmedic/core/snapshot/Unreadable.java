package io.certmedic.core.snapshot;

/**
 * Something in the input that could not be read; the doctor reports it and analyses the rest.
 * {@code gap} says why: {@link Gap#BROKEN} for a broken input, {@link Gap#FORBIDDEN} for what the
 * reader was not permitted to read (an API server's 403) and {@link Gap#NOT_SERVED} for a kind the
 * API server did not serve (404): the last two are gaps in what was checked, not broken input.
 */
public record Unreadable(
    String where, String kind, String namespace, String name, String problem, Gap gap) {

  /** Why something went unread. */
  public enum Gap {
    BROKEN,
    FORBIDDEN,
    NOT_SERVED
  }

  public Unreadable {
    java.util.Objects.requireNonNull(gap, "gap == null");
  }

  public Unreadable(String where, String kind, String namespace, String name, String problem) {
    this(where, kind, namespace, name, problem, Gap.BROKEN);
  }

  /** True when the reader was not permitted to read it (403). */
  public boolean forbidden() {
    return gap == Gap.FORBIDDEN;
  }

  /**
   * {@code kind} could not be listed in {@code namespace} ("" for all or cluster-scoped): {@code
   * problem} says what was skipped.
   */
  public static Unreadable forbidden(String where, String kind, String namespace, String problem) {
    return new Unreadable(where, kind, namespace, "", problem, Gap.FORBIDDEN);
  }

  /**
   * The API server answered 404 to listing {@code kind}, a kind it should serve: {@code problem}
   * names the kind and says what was skipped.
   */
  public static Unreadable notServed(String where, String kind, String namespace, String problem) {
    return new Unreadable(where, kind, namespace, "", problem, Gap.NOT_SERVED);
  }
}
