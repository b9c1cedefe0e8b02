package dev.discovery.benchmarks.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Drives one scenario: {@code concurrency} threads, each with its own keep-alive connection, send requests back to
 * back until the time is up or the request budget is spent, and record each request's latency.
 */
public final class LoadRun {

	/**
	 * Supplies the request for each send.
	 */
	@FunctionalInterface
	public interface Requests {

		/**
		 * The request to send next.
		 * @param sequence a run-wide sequence number, from 0
		 * @return the encoded request
		 */
		byte[] next(long sequence);

	}

	private final String host;

	private final int port;

	public LoadRun(String host, int port) {
		this.host = host;
		this.port = port;
	}

	/**
	 * Runs a scenario.
	 * @param name the scenario's name
	 * @param concurrency connections at once
	 * @param duration the longest the scenario may run
	 * @param budget the most requests to send
	 * @param expectedStatus the status a successful request answers
	 * @param requests the requests
	 * @return what was measured
	 * @throws InterruptedException if interrupted
	 */
	public RunResult run(String name, int concurrency, Duration duration, long budget, int expectedStatus,
			Requests requests) throws InterruptedException {
		AtomicLong sequence = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		List<Latencies> latencies = new ArrayList<>();
		List<Thread> workers = new ArrayList<>();
		CountDownLatch ready = new CountDownLatch(concurrency);
		CountDownLatch go = new CountDownLatch(1);
		long[] deadline = new long[1];
		for (int i = 0; i < concurrency; i++) {
			Latencies mine = new Latencies();
			latencies.add(mine);
			Thread worker = new Thread(() -> work(ready, go, deadline, budget, sequence, errors, mine, expectedStatus,
					requests), name + "-" + i);
			workers.add(worker);
			worker.start();
		}
		ready.await();
		long start = System.nanoTime();
		deadline[0] = start + duration.toNanos();
		go.countDown();
		for (Thread worker : workers) {
			worker.join();
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		long[] sorted = Latencies.mergeSorted(latencies);
		return new RunResult(name, concurrency, sorted.length, errors.get(), elapsed, Latencies.percentile(sorted, 50),
				Latencies.percentile(sorted, 99), (sorted.length > 0) ? sorted[sorted.length - 1] : 0);
	}

	private void work(CountDownLatch ready, CountDownLatch go, long[] deadline, long budget, AtomicLong sequence,
			AtomicLong errors, Latencies latencies, int expectedStatus, Requests requests) {
		HttpConnection connection = null;
		try {
			connection = new HttpConnection(this.host, this.port);
			ready.countDown();
			go.await();
			long n;
			while ((n = sequence.getAndIncrement()) < budget && System.nanoTime() < deadline[0]) {
				byte[] request = requests.next(n);
				long sent = System.nanoTime();
				int status = connection.exchange(request);
				latencies.record(System.nanoTime() - sent);
				if (status != expectedStatus) {
					errors.incrementAndGet();
				}
				if (connection.closing()) {
					connection.close();
					connection = new HttpConnection(this.host, this.port);
				}
			}
		}
		catch (IOException ex) {
			errors.incrementAndGet();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			ready.countDown();
			closeQuietly(connection);
		}
	}

	private static void closeQuietly(HttpConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (IOException ex) {
				// The run is over; a failed close changes no figure.
			}
		}
	}

}
