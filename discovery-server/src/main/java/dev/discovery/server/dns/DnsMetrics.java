package dev.discovery.server.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Rcode;

/**
 * Counts DNS answers: {@code discovery.dns.responses} by transport and response code, and
 * {@code discovery.dns.truncated} for UDP answers cut short (a steady rate says clients should ask over TCP). The
 * defences count what they refuse: {@code discovery.dns.rate-limited} (UDP queries dropped by response rate
 * limiting) and {@code discovery.dns.tcp.closed} by {@code reason} ({@code capacity}, {@code address}: over the
 * connection limits; {@code message-timeout}: a message arrived too slowly). Counters are made up front, so
 * answering costs an array lookup and an increment.
 */
final class DnsMetrics {

	/** The response codes the interface produces: NOERROR to REFUSED. */
	private static final int RCODES = Rcode.REFUSED + 1;

	private final Counter @Nullable [][] responses;

	private final @Nullable Counter truncated;

	private final @Nullable Counter rateLimited;

	private final @Nullable Counter closedAtCapacity;

	private final @Nullable Counter closedPerAddress;

	private final @Nullable Counter closedSlow;

	DnsMetrics(@Nullable MeterRegistry meters) {
		if (meters == null) {
			this.responses = null;
			this.truncated = null;
			this.rateLimited = null;
			this.closedAtCapacity = null;
			this.closedPerAddress = null;
			this.closedSlow = null;
			return;
		}
		this.responses = new Counter[2][RCODES];
		for (int rcode = 0; rcode < RCODES; rcode++) {
			this.responses[0][rcode] = responses(meters, "udp", rcode);
			this.responses[1][rcode] = responses(meters, "tcp", rcode);
		}
		this.truncated = Counter.builder("discovery.dns.truncated")
			.description("UDP answers truncated because they did not fit")
			.register(meters);
		this.rateLimited = Counter.builder("discovery.dns.rate-limited")
			.description("UDP queries dropped unanswered because their address was over its rate")
			.register(meters);
		this.closedAtCapacity = closed(meters, "capacity");
		this.closedPerAddress = closed(meters, "address");
		this.closedSlow = closed(meters, "message-timeout");
	}

	private static Counter closed(MeterRegistry meters, String reason) {
		return Counter.builder("discovery.dns.tcp.closed")
			.description("TCP connections closed by a limit")
			.tag("reason", reason)
			.register(meters);
	}

	private static Counter responses(MeterRegistry meters, String transport, int rcode) {
		return Counter.builder("discovery.dns.responses")
			.description("DNS responses sent")
			.tag("transport", transport)
			.tag("rcode", Rcode.string(rcode))
			.register(meters);
	}

	void answered(boolean tcp, int rcode, boolean wasTruncated) {
		Counter[][] counters = this.responses;
		if (counters == null || rcode < 0 || rcode >= RCODES) {
			return;
		}
		counters[tcp ? 1 : 0][rcode].increment();
		if (wasTruncated && this.truncated != null) {
			this.truncated.increment();
		}
	}

	void rateLimited() {
		increment(this.rateLimited);
	}

	void closedAtCapacity() {
		increment(this.closedAtCapacity);
	}

	void closedPerAddress() {
		increment(this.closedPerAddress);
	}

	void closedSlow() {
		increment(this.closedSlow);
	}

	private static void increment(@Nullable Counter counter) {
		if (counter != null) {
			counter.increment();
		}
	}

}
