package dev.discovery.server.xds;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;

import dev.discovery.server.watch.WatcherQuota;

/**
 * The xDS port's listening channel, with the limits gRPC's server lacks: connections per client address and in all.
 * A connection over either is closed as soon as it is accepted, before gRPC sees it; without them one client could
 * open connections until the process ran out of file descriptors, and the HTTP port, DNS and the journal with it.
 */
final class LimitedServerChannel extends NioServerSocketChannel {

	private final Limits limits;

	LimitedServerChannel(Limits limits) {
		this.limits = limits;
	}

	@Override
	protected int doReadMessages(List<Object> buf) throws Exception {
		int before = buf.size();
		int accepted = super.doReadMessages(buf);
		for (int i = buf.size() - 1; i >= before; i--) {
			if (buf.get(i) instanceof Channel child && !this.limits.admit(child)) {
				buf.remove(i);
			}
		}
		return accepted;
	}

	/** The counts every listening channel of one server shares. */
	static final class Limits {

		private final WatcherQuota perAddress;

		private final int max;

		private final AtomicInteger open = new AtomicInteger();

		private final XdsMetrics metrics;

		/**
		 * Creates the limits.
		 * @param perAddress most connections one address may hold; 0 for no limit
		 * @param max most connections in all; 0 for no limit
		 * @param metrics counts refusals
		 */
		Limits(int perAddress, int max, XdsMetrics metrics) {
			this.perAddress = new WatcherQuota(perAddress);
			this.max = max;
			this.metrics = metrics;
		}

		int open() {
			return this.open.get();
		}

		boolean admit(Channel child) {
			String address = (child.remoteAddress() instanceof InetSocketAddress inet && inet.getAddress() != null)
					? inet.getAddress().getHostAddress() : "unknown";
			if (this.open.incrementAndGet() > this.max && this.max > 0) {
				this.open.decrementAndGet();
				return refuse(child, "connections");
			}
			if (!this.perAddress.acquire(address)) {
				this.open.decrementAndGet();
				return refuse(child, "address-connections");
			}
			child.closeFuture().addListener((closed) -> {
				this.open.decrementAndGet();
				this.perAddress.release(address);
			});
			return true;
		}

		private boolean refuse(Channel child, String reason) {
			this.metrics.refused(reason);
			child.unsafe().closeForcibly();
			return false;
		}

	}

}
