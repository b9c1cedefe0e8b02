package dev.discovery.server.dns;

import java.io.IOException;
import java.util.Arrays;
import java.util.function.IntConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one query in wire format into its response: the protocol side of the DNS interface (header flags, EDNS,
 * size limits and truncation), leaving names and records to the {@link Zone}. Never throws: a packet it cannot
 * read gets FORMERR when it carries at least a header, and nothing otherwise.
 */
final class DnsResponder {

	/** Largest UDP response to a client that does not speak EDNS (RFC 1035). */
	static final int CLASSIC_UDP_PAYLOAD = 512;

	/** Largest TCP response: the two-byte length prefix allows no more. */
	static final int MAX_TCP_PAYLOAD = 65535;

	/** The TC flag's bit in the third byte of a message. */
	private static final int TC_BIT = 0x02;

	private static final Log logger = LogFactory.getLog(DnsResponder.class);

	private final Zone zone;

	private final int maxUdpPayload;

	private final DnsMetrics metrics;

	/**
	 * @param zone the names and records
	 * @param maxUdpPayload the largest UDP answer to a client that offers as much (512-65535)
	 * @param metrics counts the answers
	 */
	DnsResponder(Zone zone, int maxUdpPayload, DnsMetrics metrics) {
		this.zone = zone;
		this.metrics = metrics;
		this.maxUdpPayload = Math.max(CLASSIC_UDP_PAYLOAD, Math.min(MAX_TCP_PAYLOAD, maxUdpPayload));
	}

	DnsMetrics metrics() {
		return this.metrics;
	}

	/**
	 * Answers a query.
	 * @param query the packet as received
	 * @param tcp whether it came over TCP, where answers are not truncated short of 64 KiB
	 * @return the response, or {@code null} when the packet deserves none (a response, or shorter than a header)
	 */
	byte @Nullable [] respond(byte[] query, boolean tcp) {
		return respond(query, tcp, (records) -> {
		});
	}

	/**
	 * Answers a query and tells how much work the answer was.
	 * @param query the packet as received
	 * @param tcp whether it came over TCP
	 * @param work told the number of records built for the answer, before any truncation
	 * @return the response, or {@code null} when the packet deserves none
	 */
	byte @Nullable [] respond(byte[] query, boolean tcp, IntConsumer work) {
		Message message;
		try {
			message = new Message(query);
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Unreadable DNS query of " + query.length + " bytes: " + ex.getMessage());
			byte[] error = formatError(query);
			if (error != null) {
				this.metrics.answered(tcp, Rcode.FORMERR, false);
			}
			return error;
		}
		if (message.getHeader().getFlag(Flags.QR)) {
			return null;
		}
		Message response = response(message.getHeader());
		try {
			work.accept(answer(message, response));
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to answer DNS query " + message.getQuestion(), ex);
			response = response(message.getHeader());
			response.getHeader().setRcode(Rcode.SERVFAIL);
			if (message.getQuestion() != null) {
				response.addRecord(message.getQuestion(), Section.QUESTION);
			}
		}
		byte[] wire = response.toWire(maxLength(message, tcp));
		this.metrics.answered(tcp, response.getRcode(), (wire[2] & TC_BIT) != 0);
		return wire;
	}

	/** Fills in the response; returns how many records it built. */
	private int answer(Message query, Message response) {
		Header header = response.getHeader();
		if (query.getHeader().getOpcode() != Opcode.QUERY) {
			header.setRcode(Rcode.NOTIMP);
			return 0;
		}
		Record question = query.getQuestion();
		if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
			header.setRcode(Rcode.FORMERR);
			return 0;
		}
		response.addRecord(question, Section.QUESTION);
		Answer answer = isZoneQuestion(question) ? this.zone.answer(question.getName(), question.getType())
				: Answer.REFUSED;
		header.setRcode(answer.rcode());
		if (answer.rcode() != Rcode.REFUSED) {
			header.setFlag(Flags.AA);
		}
		answer.answers().forEach((record) -> response.addRecord(record, Section.ANSWER));
		answer.authority().forEach((record) -> response.addRecord(record, Section.AUTHORITY));
		answer.additional().forEach((record) -> response.addRecord(record, Section.ADDITIONAL));
		if (query.getOPT() != null) {
			response.addRecord(new OPTRecord(this.maxUdpPayload, 0, 0), Section.ADDITIONAL);
		}
		return answer.answers().size() + answer.authority().size() + answer.additional().size();
	}

	/** Zone transfers and other classes than IN are not served. */
	private static boolean isZoneQuestion(Record question) {
		int type = question.getType();
		int dclass = question.getDClass();
		return (dclass == DClass.IN || dclass == DClass.ANY) && type != Type.AXFR && type != Type.IXFR;
	}

	private static Message response(Header query) {
		Message response = new Message(query.getID());
		Header header = response.getHeader();
		header.setFlag(Flags.QR);
		header.setOpcode(query.getOpcode());
		if (query.getFlag(Flags.RD)) {
			header.setFlag(Flags.RD);
		}
		return response;
	}

	private int maxLength(Message query, boolean tcp) {
		if (tcp) {
			return MAX_TCP_PAYLOAD;
		}
		OPTRecord opt = query.getOPT();
		return (opt != null) ? Math.max(CLASSIC_UDP_PAYLOAD, Math.min(this.maxUdpPayload, opt.getPayloadSize()))
				: CLASSIC_UDP_PAYLOAD;
	}

	private static byte @Nullable [] formatError(byte[] query) {
		if (query.length < Header.LENGTH) {
			return null;
		}
		try {
			Header received = new Header(Arrays.copyOf(query, Header.LENGTH));
			if (received.getFlag(Flags.QR)) {
				return null;
			}
			Message response = response(received);
			response.getHeader().setRcode(Rcode.FORMERR);
			return response.toWire();
		}
		catch (IOException ex) {
			return null;
		}
	}

}
