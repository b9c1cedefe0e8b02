package dev.discovery.sample.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

import dev.discovery.client.serviceregistry.DiscoveryRegistration;

/**
 * The gRPC server. It starts before the web server, and hands its port to the registration, so the registry (and
 * through it every xDS client) learns the gRPC port, not the web server's.
 */
final class GrpcServer implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(GrpcServer.class);

	private final String address;

	private final int port;

	private final DiscoveryRegistration registration;

	private volatile @Nullable Server server;

	GrpcServer(String address, int port, DiscoveryRegistration registration) {
		this.address = address;
		this.port = port;
		this.registration = registration;
	}

	@Override
	public void start() {
		InetSocketAddress bind = new InetSocketAddress(this.address, this.port);
		try {
			Server started = NettyServerBuilder.forAddress(bind, InsecureServerCredentials.create())
				.addService(PaymentGrpc.service(this.registration::getInstanceId))
				.build()
				.start();
			this.server = started;
			this.registration.initializePort(started.getPort());
			logger.info("payment gRPC service on " + this.address + ":" + started.getPort() + " as "
					+ this.registration.getInstanceId());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen on " + bind + ": set payment.grpc.port", ex);
		}
	}

	@Override
	public void stop() {
		Server running = this.server;
		if (running != null) {
			running.shutdown();
			try {
				running.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			running.shutdownNow();
		}
		this.server = null;
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	/** Starts before the web server, whose start registers the instance; stops after it has deregistered. */
	@Override
	public int getPhase() {
		return 0;
	}

}
