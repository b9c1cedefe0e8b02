package dev.discovery.server.xds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * The xDS port: a gRPC server with the aggregated discovery service (ADS) and the per-type services (CDS, EDS, LDS,
 * RDS), state-of-the-world and delta, every stream admitted by the {@link StreamGuard}. Opened when the application
 * starts and closed when it stops; clients keep what they were last sent while it is away.
 */
public class XdsServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(XdsServer.class);

	/** Requests are handled without blocking, so two threads keep up with many streams. */
	private static final int THREADS = 2;

	private final XdsProperties properties;

	private final @Nullable ServerCredentials tls;

	private final V3DiscoveryServer discovery;

	private final StreamGuard guard;

	private final LimitedServerChannel.Limits connections;

	private volatile @Nullable Server server;

	private volatile @Nullable EventLoopGroup boss;

	private volatile @Nullable EventLoopGroup workers;

	private volatile @Nullable ExecutorService executor;

	XdsServer(XdsProperties properties, @Nullable ServerCredentials tls, V3DiscoveryServer discovery,
			StreamGuard guard, LimitedServerChannel.Limits connections) {
		this.properties = properties;
		this.tls = tls;
		this.discovery = discovery;
		this.guard = guard;
		this.connections = connections;
	}

	@Override
	public void start() {
		InetSocketAddress address = new InetSocketAddress(this.properties.getAddress(), this.properties.getPort());
		ExecutorService requests = Executors.newFixedThreadPool(THREADS, threads("xds-"));
		// Our own listening channel (to limit connections) needs event loops of its kind: NIO.
		EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, threads("xds-accept-"), NioIoHandler.newFactory());
		EventLoopGroup workers = new MultiThreadIoEventLoopGroup(THREADS, threads("xds-io-"),
				NioIoHandler.newFactory());
		NettyServerBuilder builder = NettyServerBuilder
			.forAddress(address, (this.tls != null) ? this.tls : InsecureServerCredentials.create())
			.channelFactory(() -> new LimitedServerChannel(this.connections))
			.bossEventLoopGroup(boss)
			.workerEventLoopGroup(workers)
			.executor(requests)
			.maxInboundMessageSize((int) Math.min(Integer.MAX_VALUE, this.properties.getMaxRequestSize().toBytes()))
			.maxConcurrentCallsPerConnection(this.properties.getMaxStreamsPerConnection())
			.keepAliveTime(this.properties.getKeepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
			.keepAliveTimeout(this.properties.getKeepAliveTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.permitKeepAliveTime(this.properties.getPermitKeepAliveTime().toMillis(), TimeUnit.MILLISECONDS)
			.permitKeepAliveWithoutCalls(true)
			// A connection that never finishes its handshake, or holds no stream, does not keep a slot for ever.
			.handshakeTimeout(10, TimeUnit.SECONDS)
			.maxConnectionIdle(5, TimeUnit.MINUTES);
		for (BindableService service : services()) {
			builder.addService(ServerInterceptors.intercept(service, this.guard));
		}
		try {
			this.server = builder.build().start();
		}
		catch (IOException ex) {
			requests.shutdownNow();
			shutDown(boss);
			shutDown(workers);
			throw new UncheckedIOException("xDS control plane could not listen on " + address
					+ ": set discovery.server.xds.port, or discovery.server.xds.enabled=false", ex);
		}
		this.executor = requests;
		this.boss = boss;
		this.workers = workers;
		logger.info("xDS control plane (ADS, CDS, EDS, LDS, RDS) on " + address.getAddress().getHostAddress() + ":"
				+ port() + ((this.tls != null) ? " (TLS)" : " (plain text)"));
	}

	private List<BindableService> services() {
		return List.of(this.discovery.getAggregatedDiscoveryServiceImpl(),
				this.discovery.getClusterDiscoveryServiceImpl(), this.discovery.getEndpointDiscoveryServiceImpl(),
				this.discovery.getListenerDiscoveryServiceImpl(), this.discovery.getRouteDiscoveryServiceImpl());
	}

	private static java.util.concurrent.ThreadFactory threads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	@Override
	public void stop() {
		Server running = this.server;
		ExecutorService requests = this.executor;
		if (running != null) {
			// Streams last as long as their clients: give them a moment, then end them.
			running.shutdown();
			try {
				running.awaitTermination(this.properties.getShutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			running.shutdownNow();
		}
		if (requests != null) {
			requests.shutdownNow();
		}
		shutDown(this.boss);
		shutDown(this.workers);
		this.server = null;
		this.executor = null;
		this.boss = null;
		this.workers = null;
	}

	private static void shutDown(@Nullable EventLoopGroup group) {
		if (group != null) {
			group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
		}
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	/** Opens after the publisher has built the first state (phase 1), before the web server. */
	@Override
	public int getPhase() {
		return 2;
	}

	/**
	 * The port the control plane listens on.
	 * @return the port, or -1 when not running
	 */
	public int port() {
		Server running = this.server;
		return (running != null) ? running.getPort() : -1;
	}

}
