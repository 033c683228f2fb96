package io.certmedic.controller.metrics;

import io.certmedic.controller.engine.View;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link View} over maps, standing in for the informer caches; safe to change while scraped. */
final class TestView implements View {

  private final Map<Class<?>, Map<String, HasMetadata>> byType = new ConcurrentHashMap<>();

  TestView put(HasMetadata... objects) {
    for (HasMetadata o : objects) {
      byType
          .computeIfAbsent(o.getClass(), k -> new ConcurrentHashMap<>())
          .put(key(o.getMetadata().getNamespace(), o.getMetadata().getName()), o);
    }
    return this;
  }

  TestView remove(HasMetadata o) {
    byType
        .getOrDefault(o.getClass(), Map.of())
        .remove(key(o.getMetadata().getNamespace(), o.getMetadata().getName()));
    return this;
  }

  @Override
  public <T extends HasMetadata> Optional<T> get(Class<T> type, String namespace, String name) {
    return Optional.ofNullable(byType.getOrDefault(type, Map.of()).get(key(namespace, name)))
        .map(type::cast);
  }

  @Override
  public <T extends HasMetadata> Collection<T> list(Class<T> type) {
    return byType.getOrDefault(type, Map.of()).values().stream().map(type::cast).toList();
  }

  @Override
  public <T extends HasMetadata> Collection<T> list(Class<T> type, String namespace) {
    return list(type).stream()
        .filter(o -> Objects.equals(ns(o.getMetadata().getNamespace()), ns(namespace)))
        .toList();
  }

  private static String key(String namespace, String name) {
    return ns(namespace) + "/" + name;
  }

  private static String ns(String namespace) {
    return namespace == null ? "" : namespace;
  }
}
