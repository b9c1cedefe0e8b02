package dev.discovery.server.etcd;

import java.nio.charset.StandardCharsets;

import io.etcd.jetcd.ByteSequence;
import org.jspecify.annotations.Nullable;

/**
 * Where the registry keeps what in etcd, every key under one prefix: {@code epoch}, {@code instances/<service>/<id>},
 * {@code removed/<service>/<id>} and {@code members/<replica>}. Service names and instance ids are DNS labels, so a
 * {@code /} never occurs inside one.
 */
final class EtcdKeys {

	private static final String INSTANCES = "/instances/";

	private static final String REMOVED = "/removed/";

	private static final String MEMBERS = "/members/";

	private final String prefix;

	EtcdKeys(String prefix) {
		String trimmed = prefix.strip();
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		if (trimmed.isEmpty() || !trimmed.startsWith("/") || trimmed.contains("//") || !trimmed.matches("[\\x21-\\x7e]+")) {
			throw new IllegalArgumentException("discovery.server.etcd.prefix must be a path such as /discovery, not '"
					+ prefix + "'");
		}
		this.prefix = trimmed;
	}

	/** The prefix, without a trailing slash. */
	String prefix() {
		return this.prefix;
	}

	/** Everything the registry keeps: the range its one watch covers. */
	ByteSequence all() {
		return bytes(this.prefix + "/");
	}

	ByteSequence epoch() {
		return bytes(this.prefix + "/epoch");
	}

	ByteSequence instances() {
		return bytes(this.prefix + INSTANCES);
	}

	ByteSequence instance(String service, String id) {
		return bytes(this.prefix + INSTANCES + service + "/" + id);
	}

	ByteSequence removed(String service, String id) {
		return bytes(this.prefix + REMOVED + service + "/" + id);
	}

	ByteSequence members() {
		return bytes(this.prefix + MEMBERS);
	}

	ByteSequence member(String replica) {
		return bytes(this.prefix + MEMBERS + replica);
	}

	/**
	 * What a key names.
	 * @param key a key under the prefix
	 * @return the parsed key, or {@code null} for keys the registry does not use
	 */
	@Nullable Key parse(ByteSequence key) {
		String text = key.toString(StandardCharsets.UTF_8);
		if (!text.startsWith(this.prefix + "/")) {
			return null;
		}
		String rest = text.substring(this.prefix.length());
		if (rest.startsWith(INSTANCES)) {
			return pair(Kind.INSTANCE, rest.substring(INSTANCES.length()));
		}
		if (rest.startsWith(REMOVED)) {
			return pair(Kind.REMOVED, rest.substring(REMOVED.length()));
		}
		if (rest.startsWith(MEMBERS) && rest.length() > MEMBERS.length()) {
			return new Key(Kind.MEMBER, "", rest.substring(MEMBERS.length()));
		}
		return null;
	}

	private static @Nullable Key pair(Kind kind, String serviceAndId) {
		int slash = serviceAndId.indexOf('/');
		if (slash <= 0 || slash == serviceAndId.length() - 1 || serviceAndId.indexOf('/', slash + 1) >= 0) {
			return null;
		}
		return new Key(kind, serviceAndId.substring(0, slash), serviceAndId.substring(slash + 1));
	}

	static ByteSequence bytes(String value) {
		return ByteSequence.from(value, StandardCharsets.UTF_8);
	}

	enum Kind {

		INSTANCE, REMOVED, MEMBER

	}

	/**
	 * A parsed key.
	 *
	 * @param kind what it is
	 * @param service the service, empty for members
	 * @param name the instance id or the replica id
	 */
	record Key(Kind kind, String service, String name) {
	}

}
