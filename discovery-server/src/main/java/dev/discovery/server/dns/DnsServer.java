package dev.discovery.server.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The DNS interface's listener: one port, bound for UDP and TCP alike, opened when the application starts and
 * closed when it stops.
 */
public class DnsServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DnsServer.class);

	/** UDP threads: answers come from memory, so two keep up with what one socket receives. */
	private static final int UDP_THREADS = 2;

	/** With port 0 the UDP port the system picks may be taken for TCP: pick again a few times. */
	private static final int BIND_ATTEMPTS = 5;

	private static final int RECEIVE_BUFFER = 1024 * 1024;

	private final DnsProperties properties;

	private final DnsResponder responder;

	private volatile @Nullable UdpTransport udp;

	private volatile @Nullable TcpTransport tcp;

	private volatile int port = -1;

	DnsServer(DnsProperties properties, DnsResponder responder) {
		this.properties = properties;
		this.responder = responder;
	}

	@Override
	public void start() {
		InetSocketAddress requested = new InetSocketAddress(this.properties.getAddress(), this.properties.getPort());
		try {
			bind(requested);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("DNS interface could not listen on " + requested
					+ ": set discovery.server.dns.port, or discovery.server.dns.enabled=false", ex);
		}
		logger.info("DNS interface answering for " + this.properties.getDomain() + " on "
				+ requested.getAddress().getHostAddress() + ":" + this.port + " (UDP and TCP)");
	}

	private void bind(InetSocketAddress requested) throws IOException {
		for (int attempt = 1;; attempt++) {
			DatagramSocket datagrams = new DatagramSocket(requested);
			ServerSocket server = new ServerSocket();
			try {
				datagrams.setReceiveBufferSize(RECEIVE_BUFFER);
				server.setReuseAddress(true);
				server.bind(new InetSocketAddress(requested.getAddress(), datagrams.getLocalPort()),
						this.properties.getMaxTcpConnections());
			}
			catch (BindException ex) {
				datagrams.close();
				server.close();
				if (requested.getPort() != 0 || attempt == BIND_ATTEMPTS) {
					throw ex;
				}
				continue;
			}
			start(datagrams, server);
			return;
		}
	}

	private void start(DatagramSocket datagrams, ServerSocket server) {
		ResponseRateLimiter limiter = new ResponseRateLimiter(this.properties.getUdpRateLimit(),
				this.properties.getUdpRateBurst(), System::nanoTime);
		UdpTransport udpTransport = new UdpTransport(datagrams, this.responder, limiter, UDP_THREADS);
		TcpTransport tcpTransport = new TcpTransport(server, this.responder, this.properties);
		udpTransport.start();
		tcpTransport.start();
		this.udp = udpTransport;
		this.tcp = tcpTransport;
		this.port = datagrams.getLocalPort();
	}

	@Override
	public void stop() {
		UdpTransport udpTransport = this.udp;
		TcpTransport tcpTransport = this.tcp;
		if (udpTransport != null) {
			udpTransport.stop();
		}
		if (tcpTransport != null) {
			tcpTransport.stop();
		}
		this.udp = null;
		this.tcp = null;
		this.port = -1;
	}

	@Override
	public boolean isRunning() {
		return this.udp != null;
	}

	/**
	 * The port the interface listens on, for UDP and TCP.
	 * @return the port, or -1 when not running
	 */
	public int port() {
		return this.port;
	}

}
