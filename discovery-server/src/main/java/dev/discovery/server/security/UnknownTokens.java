package dev.discovery.server.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes unknown tokens visible: each one is counted in {@code discovery.security.unknown-tokens}, and each client
 * address that presents them is named in a warning at most once a minute, with how many it presented since. A client
 * with a stale token and someone guessing tokens both show up, in the metrics and in the log.
 * <p>
 * Unknown tokens are not refused with anything but {@code 401}: an address that has failed is not locked out. Clients
 * behind one proxy or NAT share an address, so a lockout would let one misconfigured client, or an attacker on the
 * same network, stop every registration and heartbeat from there; and to keep a lockout from telling a guesser which
 * guess was right it would have to refuse the right token as well. What keeps tokens from being guessed is their
 * length: the registry warns at start about a short one.
 */
final class UnknownTokens {

	private static final Log logger = LogFactory.getLog(UnknownTokens.class);

	/** How often at most one address is named in the log. */
	static final long LOG_INTERVAL_MILLIS = 60_000;

	/**
	 * Addresses tracked at most; beyond it those not named in the last interval are forgotten, and while none can be,
	 * a new address is counted but not named.
	 */
	private static final int MAX_ADDRESSES = 10_000;

	private final @Nullable Counter counter;

	/** Monotonic milliseconds. */
	private final LongSupplier millis;

	private final Map<String, Tally> byAddress = new ConcurrentHashMap<>();

	UnknownTokens(@Nullable MeterRegistry meters) {
		this(meters, () -> System.nanoTime() / 1_000_000);
	}

	UnknownTokens(@Nullable MeterRegistry meters, LongSupplier millis) {
		this.counter = (meters != null) ? Counter.builder("discovery.security.unknown-tokens")
			.description("Requests refused with 401 because their token is not one the registry accepts")
			.register(meters) : null;
		this.millis = millis;
	}

	/**
	 * Counts an unknown token presented by an address, and names the address in the log unless it was named less
	 * than a minute ago.
	 * @param address the client's address
	 * @return {@code true} if the address was named in the log now
	 */
	boolean presented(String address) {
		if (this.counter != null) {
			this.counter.increment();
		}
		long now = this.millis.getAsLong();
		Tally tally = this.byAddress.get(address);
		if (tally == null) {
			if (this.byAddress.size() >= MAX_ADDRESSES) {
				this.byAddress.values().removeIf((known) -> known.quiet(now));
				if (this.byAddress.size() >= MAX_ADDRESSES) {
					// Every tracked address was named within the minute: a new one is only counted, so that many
					// addresses (an IPv6 prefix holds billions) cannot grow the map without end.
					return false;
				}
			}
			tally = this.byAddress.computeIfAbsent(address, (key) -> new Tally(now - LOG_INTERVAL_MILLIS));
		}
		long count = tally.add(now);
		if (count == 0) {
			return false;
		}
		logger.warn(address + " presented " + count + ((count == 1) ? " token" : " tokens")
				+ " the registry does not accept (answered 401): a client with a wrong or revoked token, or someone "
				+ "guessing; named at most once a minute");
		return true;
	}

	/** How many addresses are tracked now. */
	int tracked() {
		return this.byAddress.size();
	}

	/** Unknown tokens from one address since it was last named. */
	private static final class Tally {

		private long lastLogged;

		private long count;

		Tally(long lastLogged) {
			this.lastLogged = lastLogged;
		}

		/** Adds one; the count to log now, or {@code 0} while the address was named less than an interval ago. */
		synchronized long add(long now) {
			this.count++;
			if (now - this.lastLogged < LOG_INTERVAL_MILLIS) {
				return 0;
			}
			long logged = this.count;
			this.count = 0;
			this.lastLogged = now;
			return logged;
		}

		synchronized boolean quiet(long now) {
			return now - this.lastLogged >= LOG_INTERVAL_MILLIS;
		}

	}

}
