package dev.discovery.server.watch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;

import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.RegistryChange;

/**
 * The one thread that fans changes out: it takes each new change from the {@link ChangeLog}, encodes it once,
 * queues it on every interested watch stream and writes what the sockets take without blocking, answers the
 * blocking queries on the changed service, and sends heartbeats. It starts before the web server and, on context
 * close, ends the open streams and answers parked queries so the server's graceful shutdown need not wait for them.
 */
final class WatchDispatcher implements SmartLifecycle, ApplicationListener<ContextClosedEvent>, Runnable {

	private static final Log logger = LogFactory.getLog(WatchDispatcher.class);

	private final Registry registry;

	private final ChangeLog log;

	private final WatchHub hub;

	private final BlockingQueries queries;

	private final Deliveries deliveries;

	private final WakeUp wakeUp;

	private final Clock clock;

	private final Duration heartbeatInterval;

	private final Duration stallTimeout;

	/** Touched by the dispatcher thread only. */
	private final List<WatchConnection> watchers = new ArrayList<>();

	/** The index of the last change fanned out, and its sequence number in the log. */
	private long position;

	private long positionSequence;

	private Instant nextHeartbeat = Instant.MIN;

	private volatile boolean running;

	private volatile @Nullable Thread thread;

	WatchDispatcher(Registry registry, ChangeLog log, WatchHub hub, BlockingQueries queries, Deliveries deliveries,
			WakeUp wakeUp, Clock clock, Duration heartbeatInterval, Duration stallTimeout) {
		this.deliveries = deliveries;
		this.registry = registry;
		this.log = log;
		this.hub = hub;
		this.queries = queries;
		this.wakeUp = wakeUp;
		this.clock = clock;
		this.heartbeatInterval = heartbeatInterval;
		this.stallTimeout = stallTimeout;
	}

	@Override
	public void start() {
		this.log.restored(this.registry.index());
		this.position = this.log.head();
		this.positionSequence = this.log.headSequence();
		this.nextHeartbeat = this.clock.instant().plus(this.heartbeatInterval);
		this.running = true;
		Thread dispatcher = new Thread(this, "watch-dispatcher");
		dispatcher.setDaemon(true);
		this.thread = dispatcher;
		dispatcher.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.wakeUp.signal();
		Thread dispatcher = this.thread;
		if (dispatcher != null) {
			try {
				dispatcher.join(Duration.ofSeconds(5).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Starts after the snapshot is restored (phase 0) and before the web server serves requests. */
	@Override
	public int getPhase() {
		return 1;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		this.hub.closeAll();
		this.queries.answerAll();
		this.deliveries.answerAll();
	}

	@Override
	public void run() {
		while (this.running) {
			try {
				this.wakeUp.await(untilHeartbeat().toNanos());
				dispatch();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Throwable ex) {
				// One bad pass must not end the feed, whatever it threw (an OutOfMemoryError while encoding a large
				// snapshot is the likely one): the next pass starts from the same position.
				logger.error("Watch dispatch failed", ex);
			}
		}
	}

	/** One pass: admit new streams, fan out new changes, send heartbeats when due, write what sockets take. */
	void dispatch() {
		admitArrivals();
		fanOut();
		Instant now = this.clock.instant();
		if (!now.isBefore(this.nextHeartbeat)) {
			this.watchers.forEach((watcher) -> watcher.heartbeat(now, this.stallTimeout));
			this.nextHeartbeat = now.plus(this.heartbeatInterval);
		}
		shed();
		for (Iterator<WatchConnection> it = this.watchers.iterator(); it.hasNext();) {
			WatchConnection watcher = it.next();
			watcher.pump();
			if (watcher.isClosed()) {
				it.remove();
			}
		}
		if (this.deliveries.waiting()) {
			this.deliveries.check(this.position, this.watchers);
		}
	}

	private void admitArrivals() {
		for (WatchConnection arrived = this.hub.arrived(); arrived != null; arrived = this.hub.arrived()) {
			if (replay(arrived)) {
				this.watchers.add(arrived);
			}
			else {
				arrived.resync(this.position);
			}
		}
	}

	/** Queues what a new stream missed between its start index and the dispatcher's position. */
	private boolean replay(WatchConnection watcher) {
		if (watcher.lastIndex() >= this.position) {
			return true;
		}
		long from = this.log.sequenceAfter(watcher.lastIndex());
		if (from < 0) {
			return false;
		}
		for (long sequence = from; sequence <= this.positionSequence; sequence++) {
			RegistryChange change = this.log.change(sequence);
			if (change == null) {
				return false;
			}
			if (watcher.wants(change.service())
					&& !watcher.offer(Frame.of(this.hub.frames().change(change)), change.index())) {
				return false;
			}
		}
		return true;
	}

	private void fanOut() {
		long head = this.log.headSequence();
		for (long sequence = this.positionSequence + 1; sequence <= head; sequence++) {
			RegistryChange change = this.log.change(sequence);
			if (change == null) {
				lapped();
				return;
			}
			if (!this.watchers.isEmpty()) {
				offer(change, Frame.of(this.hub.frames().change(change)));
			}
			this.queries.changed(change.service(), change.index());
			this.position = change.index();
			this.positionSequence = sequence;
		}
	}

	private void offer(RegistryChange change, Frame frame) {
		for (WatchConnection watcher : this.watchers) {
			if (watcher.wants(change.service()) && !watcher.offer(frame, change.index())) {
				this.hub.stalledClosed("stream");
				watcher.resync(change.index());
			}
		}
	}

	/**
	 * Closes the streams that have gone longest without draining until the bytes waiting on all of them are under
	 * their bound: the memory slow watchers hold stays bounded however many of them stall.
	 */
	private void shed() {
		if (!this.hub.queued().over()) {
			return;
		}
		List<WatchConnection> stalled = new ArrayList<>();
		for (WatchConnection watcher : this.watchers) {
			if (watcher.waiting()) {
				stalled.add(watcher);
			}
		}
		stalled.sort(Comparator.comparing(WatchConnection::lastDrained));
		for (WatchConnection watcher : stalled) {
			if (!this.hub.queued().over()) {
				return;
			}
			this.hub.stalledClosed("total");
			watcher.close();
		}
	}

	/** The registry changed faster than the ring could hold: every watcher must start over. */
	private void lapped() {
		long headSequence = this.log.headSequence();
		long head = this.log.head();
		logger.warn("Watch dispatcher fell " + (headSequence - this.positionSequence)
				+ " changes behind; watchers must resync");
		this.watchers.forEach((watcher) -> watcher.resync(head));
		this.queries.answerAll();
		this.position = head;
		this.positionSequence = headSequence;
	}

	private Duration untilHeartbeat() {
		Duration left = Duration.between(this.clock.instant(), this.nextHeartbeat);
		if (left.isNegative() || left.isZero()) {
			return Duration.ofMillis(1);
		}
		return (left.compareTo(this.heartbeatInterval) > 0) ? this.heartbeatInterval : left;
	}

}
