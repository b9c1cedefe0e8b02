package dev.discovery.server.dns;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import dev.discovery.server.MutableClock;
import dev.discovery.server.registry.Registrations;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.store.MemoryStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feeds the responder mutated and random packets: it must answer each with a response or nothing, never throw, and
 * what it answers must parse. Seeded, so a failure replays.
 */
class DnsResponderFuzzTests {

	private static final int ROUNDS = 30_000;

	private final Random random = new Random(20261125);

	@Test
	void mutatedAndRandomPacketsShouldNeverBreakTheResponder() throws IOException {
		DnsResponder responder = responder();
		List<byte[]> seeds = List.of(query("payment.service.discovery.", Type.A),
				query("_payment._tcp.service.discovery.", Type.SRV), query("blue.payment.service.discovery.", Type.AAAA),
				query("payment-1.payment.instance.discovery.", Type.A), query("discovery.", Type.SOA));
		int answered = 0;
		for (int i = 0; i < ROUNDS; i++) {
			byte[] packet = (i % 4 == 0) ? randomBytes() : mutate(seeds.get(i % seeds.size()));
			byte[] response = responder.respond(packet, this.random.nextBoolean());
			if (response != null) {
				int id = ((packet[0] & 0xFF) << 8) | (packet[1] & 0xFF);
				assertThat(new Message(response).getHeader().getID()).isEqualTo(id);
				answered++;
			}
		}
		assertThat(answered).isGreaterThan(ROUNDS / 2);
	}

	private static DnsResponder responder() {
		Registry registry = new MemoryStore(new MutableClock());
		registry.register("payment", "payment-1", Registrations.spec("10.0.1.5", 8080));
		registry.register("payment", "payment-2", Registrations.spec("fd00::5", 8080));
		return DnsConfiguration.responder(registry, new DnsProperties(), null);
	}

	private byte[] mutate(byte[] seed) {
		byte[] packet = seed.clone();
		int flips = 1 + this.random.nextInt(4);
		for (int f = 0; f < flips; f++) {
			packet[this.random.nextInt(packet.length)] ^= (byte) (1 << this.random.nextInt(8));
		}
		if (this.random.nextInt(5) == 0) {
			packet = Arrays.copyOf(packet, Header.LENGTH + this.random.nextInt(packet.length));
		}
		return packet;
	}

	private byte[] randomBytes() {
		byte[] packet = new byte[3 + this.random.nextInt(300)];
		this.random.nextBytes(packet);
		packet[2] &= 0x7F;
		return packet;
	}

	private static byte[] query(String name, int type) throws IOException {
		return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire();
	}

}
