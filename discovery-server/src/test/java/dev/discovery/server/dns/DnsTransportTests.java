package dev.discovery.server.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the transports do with packets no well-behaved resolver sends: the server answers what it can and keeps
 * serving.
 */
class DnsTransportTests {

	private final TestDnsServer dns = new TestDnsServer();

	@AfterEach
	void stop() {
		this.dns.close();
	}

	@Test
	void garbageWithAHeaderShouldGetFormErrAndTheServerKeepsAnswering() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		try (DatagramSocket socket = udpSocket()) {
			byte[] garbage = { 0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 'x' };
			Message response = new Message(exchange(socket, garbage));
			assertThat(response.getHeader().getID()).isEqualTo(0x1234);
			assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);
		}
		assertThat(DnsServerTests.addresses(this.dns.query("payment.service.discovery.", Type.A)))
			.containsExactly("10.0.1.5");
	}

	@Test
	void packetsShorterThanAHeaderShouldGetNoAnswer() throws IOException {
		try (DatagramSocket socket = udpSocket()) {
			socket.setSoTimeout(300);
			assertThatExceptionOfType(SocketTimeoutException.class)
				.isThrownBy(() -> exchange(socket, new byte[] { 1, 2, 3 }));
		}
		assertThat(this.dns.query("payment.service.discovery.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
	}

	@Test
	void otherOpcodesShouldGetNotImplemented() throws IOException {
		Message update = query("payment.service.discovery.", Type.A);
		update.getHeader().setOpcode(Opcode.NOTIFY);
		try (DatagramSocket socket = udpSocket()) {
			assertThat(new Message(exchange(socket, update.toWire())).getRcode()).isEqualTo(Rcode.NOTIMP);
		}
	}

	@Test
	void zoneTransfersShouldBeRefused() throws IOException {
		// dnsjava's resolver turns a refused transfer into an exception named after the response code.
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.dns.query("discovery.", Type.AXFR))
			.withMessage("REFUSED");
	}

	@Test
	void tcpShouldAnswerSeveralQueriesOnOneConnection() throws IOException {
		this.dns.register("payment", "payment-1", "10.0.1.5", 8080);
		try (Socket socket = new Socket("127.0.0.1", this.dns.port())) {
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			DataInputStream in = new DataInputStream(socket.getInputStream());
			for (int i = 0; i < 3; i++) {
				byte[] query = query("payment.service.discovery.", Type.A).toWire();
				out.writeShort(query.length);
				out.write(query);
				out.flush();
				byte[] response = in.readNBytes(in.readUnsignedShort());
				assertThat(DnsServerTests.addresses(new Message(response))).containsExactly("10.0.1.5");
			}
		}
	}

	@Test
	void tcpGarbageShouldGetFormErrOnTheSameConnection() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.dns.port())) {
			DataOutputStream out = new DataOutputStream(socket.getOutputStream());
			DataInputStream in = new DataInputStream(socket.getInputStream());
			byte[] garbage = { 0x00, 0x07, 0x01, 0x00, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
			out.writeShort(garbage.length);
			out.write(garbage);
			out.flush();
			Message response = new Message(in.readNBytes(in.readUnsignedShort()));
			assertThat(response.getRcode()).isEqualTo(Rcode.FORMERR);
			assertThat(response.getHeader().getFlag(Flags.QR)).isTrue();
		}
	}

	private static Message query(String name, int type) throws IOException {
		return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
	}

	private DatagramSocket udpSocket() throws IOException {
		DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
		socket.setSoTimeout(2000);
		return socket;
	}

	private byte[] exchange(DatagramSocket socket, byte[] packet) throws IOException {
		socket.send(new DatagramPacket(packet, packet.length, new InetSocketAddress("127.0.0.1", this.dns.port())));
		DatagramPacket response = new DatagramPacket(new byte[65535], 65535);
		socket.receive(response);
		return java.util.Arrays.copyOf(response.getData(), response.getLength());
	}

}
