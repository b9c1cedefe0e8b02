package dev.discovery.server.dns;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.Rcode;

/**
 * Counts DNS answers: {@code discovery.dns.responses} by transport and response code, and
 * {@code discovery.dns.truncated} for UDP answers cut short (a steady rate says clients should ask over TCP).
 * Counters are made up front, so answering costs an array lookup and an increment.
 */
final class DnsMetrics {

	/** The response codes the interface produces: NOERROR to REFUSED. */
	private static final int RCODES = Rcode.REFUSED + 1;

	private final Counter @Nullable [][] responses;

	private final @Nullable Counter truncated;

	DnsMetrics(@Nullable MeterRegistry meters) {
		if (meters == null) {
			this.responses = null;
			this.truncated = null;
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

}
