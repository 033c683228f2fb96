package io.certmedic.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import java.lang.reflect.Field;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * fabric8's CRUD dispatcher with its store indexed by object name, for the controller benchmark
 * only. As shipped, every create and update finds the existing object by scanning the whole store
 * (about 5 ms a request at 4,000 objects on this machine), so a burst measures the mock; an API
 * server indexes its store. Lookups by name go through the index; everything else (lists, watches,
 * deletes) is fabric8's own code. With {@code -Dbench.verifyIndex=true} each lookup is also made
 * the shipped way, and a difference stops the bench.
 */
final class NameIndexedCrudDispatcher extends KubernetesCrudDispatcher {

  private static final boolean VERIFY = Boolean.getBoolean("bench.verifyIndex");

  private final IndexedStore store = new IndexedStore();
  private final Map<AttributeSet, String> synced = Collections.synchronizedMap(store);

  NameIndexedCrudDispatcher() {
    try {
      // the store is a protected final field the dispatcher fills with put and empties with remove
      Field f = CrudDispatcher.class.getDeclaredField("map");
      f.setAccessible(true);
      f.set(this, synced);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "this fabric8 version's CrudDispatcher has no store field 'map'", e);
    }
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    Attribute name = query.getAttribute("name");
    if (name == null) {
      return super.findResource(query);
    }
    Map.Entry<AttributeSet, String> found = null;
    synchronized (synced) {
      for (AttributeSet k : store.named(name)) {
        if (k.matches(query)) {
          found = Map.entry(k, store.get(k));
          break;
        }
      }
    }
    if (VERIFY) {
      Map.Entry<AttributeSet, String> scanned = super.findResource(query);
      if (scanned == null
          ? found != null
          : found == null || !scanned.getKey().equals(found.getKey())) {
        throw new IllegalStateException(
            "name index disagrees with the store for " + query + ": " + found + " vs " + scanned);
      }
    }
    return found;
  }

  /** The store, with its keys also filed under their "name" attribute. */
  private static final class IndexedStore extends LinkedHashMap<AttributeSet, String> {
    private static final long serialVersionUID = 1L;
    private final Map<Attribute, Set<AttributeSet>> byName = new HashMap<>();

    Set<AttributeSet> named(Attribute name) {
      return byName.getOrDefault(name, Set.of());
    }

    @Override
    public String put(AttributeSet key, String value) {
      Attribute name = key.getAttribute("name");
      if (name != null) {
        byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
      }
      return super.put(key, value);
    }

    @Override
    public String remove(Object key) {
      if (key instanceof AttributeSet k && k.getAttribute("name") != null) {
        Set<AttributeSet> same = byName.get(k.getAttribute("name"));
        if (same != null) {
          same.remove(k);
          if (same.isEmpty()) {
            byName.remove(k.getAttribute("name"));
          }
        }
      }
      return super.remove(key);
    }

    @Override
    public void clear() {
      byName.clear();
      super.clear();
    }
  }
}
