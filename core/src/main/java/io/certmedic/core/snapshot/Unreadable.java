package io.certmedic.core.snapshot;

/**
 * Something in the input that could not be read; the doctor reports it and analyses the rest.
 * {@code forbidden} marks what the reader was not permitted to read (an API server's 403): a gap in
 * what was checked, not a broken input.
 */
public record Unreadable(
    String where, String kind, String namespace, String name, String problem, boolean forbidden) {

  public Unreadable(String where, String kind, String namespace, String name, String problem) {
    this(where, kind, namespace, name, problem, false);
  }

  /**
   * {@code kind} could not be listed in {@code namespace} ("" for all or cluster-scoped): {@code
   * problem} says what was skipped.
   */
  public static Unreadable forbidden(String where, String kind, String namespace, String problem) {
    return new Unreadable(where, kind, namespace, "", problem, true);
  }
}
