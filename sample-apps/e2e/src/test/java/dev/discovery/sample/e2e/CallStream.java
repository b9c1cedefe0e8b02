package dev.discovery.sample.e2e;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

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
		this(order.name(), () -> Http.status(order.uri(path)), Duration.ZERO);
	}

	private CallStream(String name, IntSupplier call, Duration pause) {
		this.thread = new Thread(() -> {
			while (this.calling.get()) {
				this.statuses.add(call.getAsInt());
				pause(pause);
			}
		}, "calls-" + name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	static CallStream start(AppProcess order, String path) {
		return new CallStream(order, path);
	}

	/**
	 * Starts a stream of calls with a pause after each.
	 * @param app the app called
	 * @param method {@code GET} or {@code POST} (with an empty body)
	 * @param path the path
	 * @param pause the pause after each call
	 * @return the stream
	 */
	static CallStream start(AppProcess app, String method, String path, Duration pause) {
		HttpRequest request = HttpRequest.newBuilder(app.uri(path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(30))
			.build();
		return new CallStream(app.name() + "-" + method, () -> status(request), pause);
	}

	private static int status(HttpRequest request) {
		try {
			return Http.send(request).statusCode();
		}
		catch (RuntimeException ex) {
			return -1;
		}
	}

	private static void pause(Duration pause) {
		if (pause.isZero()) {
			return;
		}
		try {
			Thread.sleep(pause.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
