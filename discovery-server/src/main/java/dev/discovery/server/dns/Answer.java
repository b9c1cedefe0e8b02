package dev.discovery.server.dns;

import java.util.List;

import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * What the registry answers to one question: a response code and the records of each section.
 *
 * @param rcode the response code
 * @param answers the answer section
 * @param authority the authority section (the zone's SOA for negative answers, so resolvers can cache them)
 * @param additional the additional section (addresses of SRV targets)
 */
record Answer(int rcode, List<Record> answers, List<Record> authority, List<Record> additional) {

	static final Answer REFUSED = new Answer(Rcode.REFUSED, List.of(), List.of(), List.of());

	static Answer of(List<Record> answers, List<Record> additional) {
		return new Answer(Rcode.NOERROR, answers, List.of(), additional);
	}

	/** The name exists but has no records of the asked type. */
	static Answer noData(Record soa) {
		return new Answer(Rcode.NOERROR, List.of(), List.of(soa), List.of());
	}

	/** The name does not exist. */
	static Answer nxDomain(Record soa) {
		return new Answer(Rcode.NXDOMAIN, List.of(), List.of(soa), List.of());
	}

}
