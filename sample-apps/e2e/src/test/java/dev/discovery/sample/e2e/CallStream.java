package dev.discovery.sample.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.discovery.sample.e2e.harness.AppProcess;
import dev.discovery.sample.e2e.harness.Http;

import static org.awaitility.Awaitility.await;

/**
 * A continuous stream of calls through order-service (which calls payment-service by name), recording every
 * answer's status, on its own thread until stopped.
 */
final class CallStream {

	private final List<Integer> statuses = new CopyOnWriteArrayList<>();

	private final AtomicBoolean calling = new AtomicBoolean(true);

	private final Thread thread;

	private CallStream(AppProcess order, String path) {
		this.thread = new Thread(() -> {
			while (this.calling.get()) {
				this.statuses.add(Http.status(order.uri(path)));
			}
		}, "calls-" + order.name());
		this.thread.setDaemon(true);
		this.thread.start();
	}

	static CallStream start(AppProcess order, String path) {
		return new CallStream(order, path);
	}

	/** How many calls have been answered so far. */
	int count() {
		return this.statuses.size();
	}

	/** Waits until {@code more} further calls have been answered. */
	void awaitMore(int more) {
		int target = count() + more;
		await().atMost(Duration.ofSeconds(60)).until(() -> count() >= target);
	}

	/**
	 * Stops calling.
	 * @return the status of every call, in order ({@code -1} for no answer)
	 */
	List<Integer> stop() throws InterruptedException {
		this.calling.set(false);
		this.thread.join(30_000);
		return List.copyOf(this.statuses);
	}

}
