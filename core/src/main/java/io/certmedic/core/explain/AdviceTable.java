package io.certmedic.core.explain;

import java.util.List;

/** Which advice answers which failure family; every family has exactly one. */
final class AdviceTable {

  private AdviceTable() {}

  static Advice of(Family family) {
    return switch (family) {
      case HOSTNAME_MISMATCH -> NameAdvice.HOSTNAME_MISMATCH;
      case LEGACY_CN -> NameAdvice.LEGACY_CN;
      case EXPIRED -> ValidityAdvice.EXPIRED;
      case NOT_YET_VALID -> ValidityAdvice.NOT_YET_VALID;
      case UNKNOWN_AUTHORITY -> TrustAdvice.UNKNOWN_AUTHORITY;
      case REMOTE_REJECTED -> TrustAdvice.REMOTE_REJECTED;
      case KEY_USAGE -> UsageAdvice.KEY_USAGE;
      case WEAK_SIGNATURE -> UsageAdvice.WEAK_SIGNATURE;
      case UNKNOWN -> UsageAdvice.UNKNOWN;
      case HANDSHAKE_FAILURE -> HandshakeAdvice.HANDSHAKE_FAILURE;
    };
  }

  /** Every family's advice, in the order of {@link Family}. */
  static List<Advice> all() {
    return java.util.Arrays.stream(Family.values()).map(AdviceTable::of).toList();
  }
}
