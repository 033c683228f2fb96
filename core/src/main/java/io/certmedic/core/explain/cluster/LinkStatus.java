package io.certmedic.core.explain.cluster;

/** What the current state says about a failure group; {@link #json()} is a stable JSON value. */
public enum LinkStatus {
  /** The object the lines name exists and a current doctor finding on it explains the failure. */
  EXPLAINED("explained"),
  /** The object exists and nothing the doctor finds on it now explains the failure. */
  NOT_EXPLAINED("not_explained"),
  /** The object the lines name is not in the input, though the input holds that kind there. */
  NOT_FOUND("not_found"),
  /** The input holds no object of that kind there, so whether it exists cannot be told. */
  NOT_JUDGED("not_judged"),
  /** The lines name no object certmedic reads. */
  UNLINKED("unlinked");

  private final String json;

  LinkStatus(String json) {
    this.json = json;
  }

  /** The stable JSON value, e.g. {@code not_explained}. */
  public String json() {
    return json;
  }
}
