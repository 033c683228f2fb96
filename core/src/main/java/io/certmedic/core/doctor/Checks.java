package io.certmedic.core.doctor;

import java.util.List;

/**
 * Every check the doctor runs, in order, one per line. The doctor runs them all (unlike a
 * reissue chain, which stops at the first reason); the order only decides which check reports
 * first when two look at the same object. A test locks this list.
 */
public final class Checks {

  public static final List<Check> ALL = List.of(
      new InputUnreadable() // what could not be read is reported, and the rest still analysed
      );

  private Checks() {}
}
