package dev.discovery.server.xds;

import io.envoyproxy.envoy.config.core.v3.Node;
import io.grpc.Context;
import org.jspecify.annotations.Nullable;

/**
 * Who is at the other end of one xDS stream, for logs: the address and token the stream was opened with, and the
 * node the client describes itself as in its first request.
 */
final class XdsClient {

	/** Carries the stream's client to the request callbacks, which run in the stream's context. */
	static final Context.Key<XdsClient> KEY = Context.key("discovery.xds.client");

	private static final int MAX_TEXT = 1000;

	private final String address;

	private final @Nullable String token;

	private volatile @Nullable String node;

	private volatile @Nullable String lastNack;

	XdsClient(String address, @Nullable String token) {
		this.address = address;
		this.token = token;
	}

	/**
	 * The client of the current stream.
	 * @return the client, or {@code null} outside a stream
	 */
	static @Nullable XdsClient current() {
		return KEY.get();
	}

	void node(Node node) {
		if (this.node == null && !node.getId().isEmpty()) {
			String agent = (node.getUserAgentName() + " " + node.getUserAgentVersion()).trim();
			this.node = printable(node.getId() + (agent.isEmpty() ? "" : " (" + agent + ")"));
		}
	}

	/**
	 * Remembers a rejection and says whether it differs from the last one, so a client repeating a rejection does
	 * not fill the log.
	 * @param key what was rejected and why
	 * @return {@code true} if this rejection should be logged
	 */
	boolean firstNack(String key) {
		boolean first = !key.equals(this.lastNack);
		this.lastNack = key;
		return first;
	}

	/** The client's words, cut to a line of bounded length: they end up in the registry's log. */
	static String printable(String text) {
		String cut = (text.length() > MAX_TEXT) ? text.substring(0, MAX_TEXT) + "..." : text;
		return cut.codePoints()
			.map((c) -> Character.isISOControl(c) ? ' ' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
	}

	@Override
	public String toString() {
		String who = (this.node != null) ? this.node : "(no node id)";
		return who + " from " + this.address + ((this.token != null) ? " with token " + this.token : "");
	}

}
