package dev.discovery.server.etcd;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * Rendezvous (highest random weight) hashing: every replica that knows the same members picks the same owner for a
 * name, and when a member leaves only the names it owned move, each to the member that scores next highest.
 */
final class Rendezvous {

	private Rendezvous() {
	}

	/**
	 * The member that owns a name.
	 * @param members the live members
	 * @param name the name, such as {@code service/instance}
	 * @return the owner, or {@code null} when there are no members
	 */
	static @Nullable String owner(Collection<String> members, String name) {
		String best = null;
		long bestScore = 0;
		long nameHash = hash(name, 0x9E3779B97F4A7C15L);
		for (String member : members) {
			long score = mix(hash(member, nameHash));
			// Ties (vanishingly rare) go to the smaller member id, so every replica still agrees.
			if (best == null || Long.compareUnsigned(score, bestScore) > 0
					|| (score == bestScore && member.compareTo(best) < 0)) {
				best = member;
				bestScore = score;
			}
		}
		return best;
	}

	/** FNV-1a over the UTF-8 bytes, seeded. */
	private static long hash(String value, long seed) {
		long h = 0xcbf29ce484222325L ^ seed;
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			h ^= (b & 0xff);
			h *= 0x100000001b3L;
		}
		return h;
	}

	/** SplitMix64's finaliser, so that similar names get unrelated scores. */
	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
	}

}
