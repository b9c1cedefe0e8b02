package dev.discovery.server.dns;

import java.util.Locale;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Reads a question's name within the registry's domain and routes it to the records that answer it:
 * <ul>
 * <li>{@code <service>.service.<domain>}: A, AAAA and SRV of the passing instances;</li>
 * <li>{@code <tag>.<service>.service.<domain>}: the same, for instances with that tag;</li>
 * <li>{@code _<service>._tcp.service.<domain>}: SRV in RFC 2782 form;</li>
 * <li>{@code <instanceId>.<service>.instance.<domain>}: the address of one instance, the target of its SRV
 * record.</li>
 * </ul>
 * The names between them and the domain ({@code service.<domain>}, {@code instance.<domain>},
 * {@code _tcp.service.<domain>} and {@code <service>.instance.<domain>} of a known service) exist without records.
 * Other names in the domain do not exist; names outside it are refused, since the registry is not a recursive
 * resolver.
 */
final class Zone {

	private final Name origin;

	private final ServiceAnswers services;

	Zone(Name origin, ServiceAnswers services) {
		this.origin = origin;
		this.services = services;
	}

	Answer answer(Name name, int type) {
		if (!name.subdomain(this.origin)) {
			return Answer.REFUSED;
		}
		String[] labels = relativeLabels(name);
		return switch (labels.length) {
			case 0 -> this.services.apex(type);
			case 1 -> ("service".equals(labels[0]) || "instance".equals(labels[0])) ? this.services.emptyNonTerminal()
					: this.services.nxDomain();
			case 2 -> twoLabels(name, labels, type);
			case 3 -> threeLabels(name, labels, type);
			default -> this.services.nxDomain();
		};
	}

	/**
	 * {@code <service>.service}, and the names that exist only because names below them do: {@code _tcp.service}
	 * and {@code <service>.instance}. Those answer NOERROR with no records, never NXDOMAIN, which tells a resolver
	 * that nothing exists below the name (RFC 8020) and would hide every name under it from resolvers that cut
	 * their lookups there, as query name minimisation (RFC 9156) does.
	 */
	private Answer twoLabels(Name name, String[] labels, int type) {
		if ("service".equals(labels[1])) {
			return "_tcp".equals(labels[0]) ? this.services.emptyNonTerminal()
					: this.services.service(name, labels[0], null, type);
		}
		return "instance".equals(labels[1]) ? this.services.instancesOf(labels[0]) : this.services.nxDomain();
	}

	private Answer threeLabels(Name name, String[] labels, int type) {
		if ("instance".equals(labels[2])) {
			return this.services.instance(name, labels[1], labels[0], type);
		}
		if (!"service".equals(labels[2])) {
			return this.services.nxDomain();
		}
		if (labels[0].startsWith("_")) {
			return "_tcp".equals(labels[1]) ? this.services.service(name, labels[0].substring(1), null, srvOnly(type))
					: this.services.nxDomain();
		}
		return this.services.service(name, labels[1], labels[0], type);
	}

	/** The RFC 2782 name holds SRV records only: other types get an empty answer. */
	private static int srvOnly(int type) {
		return (type == Type.SRV) ? Type.SRV : Type.NULL;
	}

	/** The labels left of the origin, lower case, leftmost first. */
	private String[] relativeLabels(Name name) {
		String[] labels = new String[name.labels() - this.origin.labels()];
		for (int i = 0; i < labels.length; i++) {
			labels[i] = name.getLabelString(i).toLowerCase(Locale.ROOT);
		}
		return labels;
	}

}
