package io.certmedic.controller.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * tls.crt, tls.key or ca.crt is absent or empty: a server cannot start, or a caller cannot verify.
 */
final class SecretIncomplete implements ReissueCheck {

  @Override
  public ReissueReason reason() {
    return ReissueReason.SECRET_INCOMPLETE;
  }

  @Override
  public Optional<String> failure(ReissueInput in) {
    if (in.data() == null) {
      return Optional.empty();
    }
    List<String> missing = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (String key : ReissueInput.REQUIRED) {
      if (!in.data().containsKey(key) || in.data().get(key) == null) {
        missing.add(key);
      } else if (in.lacks(key)) {
        empty.add(key);
      }
    }
    if (missing.isEmpty() && empty.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    if (!missing.isEmpty()) {
      parts.add("is missing " + and(missing));
    }
    if (!empty.isEmpty()) {
      parts.add("has an empty " + and(empty));
    }
    return Optional.of("the Secret " + String.join(" and ", parts));
  }

  /** "a", "a and b", "a, b and c". */
  static String and(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }
}
