package dev.discovery.server.health;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The few threads that finish health checks: they record results and resolve host names for TCP checks. No thread
 * waits on a check. Kept apart from the application's executors on purpose (it is not itself an {@link Executor}
 * bean, so Spring Boot's own task executor is unaffected); closed with the application context.
 */
public final class CheckThreads implements AutoCloseable {

	private final ExecutorService executor;

	public CheckThreads(int threads) {
		AtomicInteger count = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(threads, (task) -> {
			Thread thread = new Thread(task, "health-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** The executor checks complete on. */
	public Executor executor() {
		return this.executor;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
