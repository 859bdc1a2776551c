package io.driftguard.pipeline.correlation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The keys of the context items held ({@link ContextItems}), indexed by what ties an item to a
 * finding in {@link ContextMatcher}: owner strings, resource mentions, a finding's account, a commit's paths.
 * A judgement then meets the items that can concern its finding instead of every item held (14
 * days of them: walking them all for every judgement was most of a live job's CPU at 5,000
 * events/s, docs/benchmarks.md). {@link #candidates} is a superset: {@link ContextMatcher} still
 * decides on each candidate exactly as before. Items with text are also kept in a list, because a
 * resource named in free text ({@code text.contains(name)}) cannot be looked up by key.
 *
 * <p>It holds keys and the items' text, not the items: a store that keeps its items in RocksDB
 * keeps only this on the heap. Each key is one string shared by all the sets it is in. The caller
 * passes the item a key held before, which the index does not keep, to {@link #put} and {@link
 * #remove}.
 *
 * <p>Derived data, not state: rebuilt from the items after a restore, and changed only where they
 * change ({@link ContextCorrelationFunction#processBroadcastElement}).
 */
final class ContextIndex {

    private static final long HOUR = 3_600_000L;

    private final Map<String, Set<String>> byOwner = new HashMap<>();
    /** Mentions case-folded as {@link String#equalsIgnoreCase} compares. */
    private final Map<String, Set<String>> byMention = new HashMap<>();
    /** A mention's last path segment, exact ({@code m.endsWith("/" + name)}). */
    private final Map<String, Set<String>> bySegment = new HashMap<>();
    /** Security findings by account. */
    private final Map<String, Set<String>> byAccount = new HashMap<>();
    /** Commits by every path they touched and every folder above it (ending in a slash). */
    private final Map<String, Set<String>> byPath = new HashMap<>();
    /** The text of the items with text, by key, iterated in insertion order. */
    private final Map<String, String> withText = new LinkedHashMap<>();
    /**
     * One string per distinct text, with the number of items that hold it: alerts of one rule share
     * their summary ("Resource pressure on orders"), and the text is most of what an item costs the
     * heap when its body is on RocksDB.
     */
    private final Map<String, SharedText> texts = new HashMap<>();
    /**
     * Keys by the hour of their item's {@link ContextItem#updated}: what {@link #due} looks at instead
     * of every item. Each key is in its item's hour only (an alert re-sent every few minutes moves,
     * rather than leaving a key behind in every hour it was seen).
     */
    private final TreeMap<Long, Set<String>> byHour = new TreeMap<>();
    /**
     * For each resource name asked about: the keys of the items whose text contains it, in {@link
     * #withText}'s order. Built by one walk of the items with text when a name is first asked about,
     * then kept in step by {@link #put} and {@link #remove}: a judgement used to walk every item with
     * text (14 days of alerts and tickets) for its one name, half of the context operator's CPU under
     * load. Forgotten whole beyond {@link #MAX_NAMES} names.
     */
    private final Map<String, Set<String>> textContaining = new HashMap<>();

    static final int MAX_NAMES = 10_000;

    /** How many items are indexed (each key is in its item's hour, once). */
    int size() {
        return byHour.values().stream().mapToInt(Set::size).sum();
    }

    /** How many distinct texts the items held have (each kept once). */
    int distinctTexts() {
        return texts.size();
    }

    /** Indexes {@code item} under {@code key}, in place of {@code previous} (null when new). */
    void put(String key, ContextItem item, ContextItem previous) {
        remove(key, previous);
        for (String o : item.owners()) {
            add(byOwner, o, key);
        }
        for (String m : item.mentions()) {
            add(byMention, fold(m), key);
            int slash = m.lastIndexOf('/');
            if (slash >= 0) {
                add(bySegment, m.substring(slash + 1), key);
            }
        }
        if (ContextItem.FINDING.equals(item.kind()) && item.account() != null) {
            add(byAccount, item.account(), key);
        }
        if (ContextItem.COMMIT.equals(item.kind())) {
            for (String p : item.paths()) {
                add(byPath, p, key);
                for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
                    add(byPath, p.substring(0, i + 1), key);
                }
            }
        }
        add(byHour, hour(item), key);
        if (item.text() != null) {
            SharedText shared = texts.computeIfAbsent(item.text(), SharedText::new);
            shared.holders++;
            withText.put(key, shared.text);
            for (Map.Entry<String, Set<String>> e : textContaining.entrySet()) {
                if (item.text().contains(e.getKey())) {
                    e.getValue().add(key);
                }
            }
        }
    }

    /** Forgets {@code item}, held under {@code key} (nothing when null). */
    void remove(String key, ContextItem item) {
        if (item == null) {
            return;
        }
        for (String o : item.owners()) {
            drop(byOwner, o, key);
        }
        for (String m : item.mentions()) {
            drop(byMention, fold(m), key);
            int slash = m.lastIndexOf('/');
            if (slash >= 0) {
                drop(bySegment, m.substring(slash + 1), key);
            }
        }
        if (item.account() != null) {
            drop(byAccount, item.account(), key);
        }
        for (String p : item.paths()) {
            drop(byPath, p, key);
            for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
                drop(byPath, p.substring(0, i + 1), key);
            }
        }
        drop(byHour, hour(item), key);
        String text = withText.remove(key);
        if (text != null) {
            SharedText shared = texts.get(text);
            if (--shared.holders == 0) {
                texts.remove(text);
            }
            for (Set<String> keys : textContaining.values()) {
                keys.remove(key);
            }
        }
    }

    /**
     * The keys of the items whose last news is in an hour that began before {@code horizon}: those
     * among them with no news since before the horizon are to be pruned (all but some of the last
     * hour's).
     */
    List<String> due(Instant horizon) {
        List<String> out = new ArrayList<>();
        for (Set<String> keys : byHour.headMap(Math.floorDiv(horizon.toEpochMilli(), HOUR), true)
                .values()) {
            out.addAll(keys);
        }
        return out;
    }

    private static long hour(ContextItem item) {
        return Math.floorDiv(item.updated().toEpochMilli(), HOUR);
    }

    /** The keys of every item that may concern the finding prepared as {@code s}; others cannot. */
    Set<String> candidates(ContextMatcher.Subject s) {
        Set<String> keys = new LinkedHashSet<>();
        for (String o : s.ownerStrings()) {
            addAll(keys, byOwner.get(o));
        }
        if (!s.alertLabels().isEmpty()) {
            addAll(keys, byOwner.get(s.alertLabels().get(0)));
        }
        String id = s.finding().resourceId();
        if (id != null) {
            addAll(keys, byMention.get(fold(id)));
            addAll(keys, byMention.get(fold(s.name())));
            addAll(keys, bySegment.get(s.name()));
            if (s.name().length() >= 6) {
                keys.addAll(textContaining(s.name()));
            }
        }
        if (s.finding().account() != null) {
            addAll(keys, byAccount.get(s.finding().account()));
        }
        if (s.finding().iac() != null && s.finding().iac().path() != null) {
            addAll(keys, byPath.get(s.finding().iac().path()));
        }
        return keys;
    }

    /** The keys of the items whose text contains {@code name}, in {@link #withText}'s order. */
    private Set<String> textContaining(String name) {
        Set<String> keys = textContaining.get(name);
        if (keys == null) {
            if (textContaining.size() >= MAX_NAMES) {
                textContaining.clear();
            }
            keys = new LinkedHashSet<>();
            for (Map.Entry<String, String> e : withText.entrySet()) {
                if (e.getValue().contains(name)) {
                    keys.add(e.getKey());
                }
            }
            textContaining.put(name, keys);
        }
        return keys;
    }

    /**
     * Case folding under which two strings {@link String#equalsIgnoreCase equal ignoring case} are
     * equal: each character upper-cased, then lower-cased, as that method compares them.
     */
    static String fold(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.toLowerCase(Character.toUpperCase(c))));
        return b.toString();
    }

    private static final class SharedText {
        final String text;
        int holders;

        SharedText(String text) {
            this.text = text;
        }
    }

    private static <V> void add(Map<V, Set<String>> index, V value, String key) {
        index.computeIfAbsent(value, v -> new LinkedHashSet<>()).add(key);
    }

    private static <V> void drop(Map<V, Set<String>> index, V value, String key) {
        Set<String> keys = index.get(value);
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
            index.remove(value);
        }
    }

    private static void addAll(Set<String> keys, Set<String> more) {
        if (more != null) {
            keys.addAll(more);
        }
    }
}
