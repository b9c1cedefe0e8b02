package dev.discovery.server.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import dev.discovery.protocol.Durations;
import dev.discovery.server.registry.InstanceSpec;

/**
 * Passes when a TCP connection to the instance's port opens within the timeout, using asynchronous channels so no
 * thread waits on a connect. The connection is closed at once.
 */
public final class TcpHealthProbe implements HealthProbe, AutoCloseable {

	private final AsynchronousChannelGroup group;

	private final Executor resolver;

	private final TargetPolicy targets;

	/**
	 * Creates a probe.
	 * @param resolver where host names are resolved (a lookup may block); IP addresses need no lookup
	 * @param targets which addresses may be checked: the address resolved is judged, then exactly it is connected to
	 */
	public TcpHealthProbe(Executor resolver, TargetPolicy targets) {
		this.resolver = resolver;
		this.targets = targets;
		try {
			this.group = AsynchronousChannelGroup.withFixedThreadPool(1, (task) -> {
				Thread thread = new Thread(task, "health-tcp");
				thread.setDaemon(true);
				return thread;
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open the channel group for TCP health checks", ex);
		}
	}

	@Override
	public CompletableFuture<CheckResult> check(InstanceSpec instance, Duration timeout) {
		String target = "TCP connect " + instance.host() + ":" + instance.port();
		return CompletableFuture
			.supplyAsync(() -> new InetSocketAddress(instance.host(), instance.port()), this.resolver)
			.thenCompose((address) -> connect(address, target, timeout))
			.exceptionally((ex) -> CheckResult.critical(target + ": " + CheckResult.describe(ex)));
	}

	private CompletableFuture<CheckResult> connect(InetSocketAddress address, String target, Duration timeout) {
		if (address.isUnresolved()) {
			return CompletableFuture.completedFuture(CheckResult.critical(target + ": unknown host"));
		}
		String refusal = this.targets.refusal(address.getAddress(), address.getPort());
		if (refusal != null) {
			return CompletableFuture.completedFuture(CheckResult.critical(target + ": not checked, " + refusal));
		}
		AsynchronousSocketChannel channel;
		try {
			channel = AsynchronousSocketChannel.open(this.group);
		}
		catch (IOException ex) {
			return CompletableFuture.completedFuture(CheckResult.critical(target + ": " + CheckResult.describe(ex)));
		}
		CompletableFuture<CheckResult> result = new CompletableFuture<>();
		result.completeOnTimeout(CheckResult.critical(target + ": timed out after " + Durations.format(timeout)),
				timeout.toMillis(), TimeUnit.MILLISECONDS);
		// Closing also abandons a connect that is still pending after the timeout.
		result.whenComplete((outcome, ex) -> close(channel));
		channel.connect(address, null, new Outcome(result, target));
		return result;
	}

	private static void close(AsynchronousSocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Nothing to do: the check's outcome is already known and the channel is gone either way.
		}
	}

	/** Completes a check when the connect succeeds or fails (the first of that and the timeout wins). */
	private record Outcome(CompletableFuture<CheckResult> result,
			String target) implements CompletionHandler<Void, Void> {

		@Override
		public void completed(Void none, Void attachment) {
			this.result.complete(CheckResult.passing(this.target + ": connected"));
		}

		@Override
		public void failed(Throwable ex, Void attachment) {
			this.result.complete(CheckResult.critical(this.target + ": " + CheckResult.describe(ex)));
		}

	}

	@Override
	public void close() throws IOException {
		this.group.shutdownNow();
	}

}
