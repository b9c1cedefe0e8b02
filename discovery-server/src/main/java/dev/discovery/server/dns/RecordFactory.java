package dev.discovery.server.dns;

import java.net.Inet4Address;
import java.net.InetAddress;

import org.jspecify.annotations.Nullable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;

import dev.discovery.server.registry.RegisteredInstance;

/**
 * Builds the records of the zone: every record carries the configured TTL, every SRV target is a name the zone
 * itself answers (or the instance's own host name).
 */
final class RecordFactory {

	/** Every instance gets the same priority: weights alone share the traffic. */
	private static final int PRIORITY = 1;

	private static final int MAX_SRV_WEIGHT = 65535;

	private final Name origin;

	private final long ttl;

	private final Name hostmaster;

	RecordFactory(Name origin, long ttl) {
		this.origin = origin;
		this.ttl = ttl;
		this.hostmaster = name("hostmaster", origin);
	}

	Name origin() {
		return this.origin;
	}

	/** The name that resolves to one instance: {@code <instanceId>.<service>.instance.<domain>}. */
	Name instanceName(RegisteredInstance instance) {
		return name(instance.id() + "." + instance.service() + ".instance", this.origin);
	}

	/** An A or AAAA record, whichever fits the address. */
	Record address(Name owner, InetAddress address) {
		return (address instanceof Inet4Address) ? new ARecord(owner, DClass.IN, this.ttl, address)
				: new AAAARecord(owner, DClass.IN, this.ttl, address);
	}

	/** The SRV record of an instance, pointing at its instance name, or at its host name when it registered one. */
	SRVRecord srv(Name owner, RegisteredInstance instance, @Nullable InetAddress literal) {
		Name target = (literal != null) ? instanceName(instance) : hostName(instance.spec().host());
		int weight = Math.max(0, Math.min(MAX_SRV_WEIGHT, instance.spec().weight()));
		return new SRVRecord(owner, DClass.IN, this.ttl, PRIORITY, weight, instance.spec().port(), target);
	}

	/** Points an instance name at the host name the instance registered with. */
	Record cname(Name owner, String host) {
		return new CNAMERecord(owner, DClass.IN, this.ttl, hostName(host));
	}

	/**
	 * The zone's SOA record. Its serial follows the registry index, and its minimum is the TTL, so negative answers
	 * are cached no longer than positive ones.
	 */
	SOARecord soa(long registryIndex) {
		long serial = registryIndex & 0xFFFFFFFFL;
		return new SOARecord(this.origin, DClass.IN, this.ttl, this.origin, this.hostmaster, serial, 3600, 600, 86400,
				this.ttl);
	}

	private static Name hostName(String host) {
		return name(host.endsWith(".") ? host : host + ".", Name.root);
	}

	private static Name name(String text, Name origin) {
		try {
			return Name.fromString(text, origin);
		}
		catch (TextParseException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a DNS name: " + ex.getMessage(), ex);
		}
	}

}
