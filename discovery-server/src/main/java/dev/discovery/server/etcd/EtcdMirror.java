package dev.discovery.server.etcd;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.discovery.server.etcd.MirrorTranslator.Prefix;

/**
 * Mirrors the registry's prefix into a {@link MirrorListener} through one etcd watch: a read of the whole prefix,
 * then every event after its revision, in revision order. A watch that fails (etcd unreachable, member without a
 * leader) is opened again from the revision after the last one applied, so nothing is missed or applied twice; if
 * etcd compacted that revision meanwhile, the prefix is read again and the listener told of the difference.
 */
final class EtcdMirror implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EtcdMirror.class);

	private static final long MAX_BACKOFF_MILLIS = 2_000;

	private final Client client;

	private final EtcdKeys keys;

	private final MirrorTranslator translator;

	private final ScheduledExecutorService scheduler;

	private final Duration timeout;

	private final Object monitor = new Object();

	/** The last revision applied; guarded by the monitor, read without it. */
	private volatile long revision;

	private volatile boolean watching;

	private volatile boolean closed;

	private long backoffMillis = 100;

	private volatile Watch.@Nullable Watcher watcher;

	EtcdMirror(Client client, EtcdKeys keys, InstanceCodec codec, MirrorListener listener,
			ScheduledExecutorService scheduler, Duration timeout) {
		this.client = client;
		this.keys = keys;
		this.translator = new MirrorTranslator(keys, codec, listener);
		this.scheduler = scheduler;
		this.timeout = timeout;
	}

	/**
	 * Reads the whole prefix into the listener, then starts watching.
	 * @throws Exception if etcd cannot be read within the request timeout
	 */
	void start() throws Exception {
		load();
		watch();
	}

	/** The last revision applied to the listener. */
	long revision() {
		return this.revision;
	}

	/** Whether the watch is open and the view is following etcd. */
	boolean watching() {
		return this.watching;
	}

	/**
	 * Waits until the mirror has applied a revision, so a replica reads its own writes.
	 * @param target the revision
	 * @param wait the longest to wait
	 * @return whether it was applied in time
	 */
	boolean awaitRevision(long target, Duration wait) {
		if (this.revision >= target) {
			return true;
		}
		long end = System.nanoTime() + wait.toNanos();
		synchronized (this.monitor) {
			while (this.revision < target) {
				long left = end - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.monitor, left);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	private void load() throws Exception {
		GetResponse response = this.client.getKVClient()
			.get(this.keys.all(), GetOption.builder().isPrefix(true).build())
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		long at = response.getHeader().getRevision();
		Prefix prefix = this.translator.read(response.getKvs());
		synchronized (this.monitor) {
			this.translator.reset(at, prefix);
			advance(at);
		}
	}

	private void watch() {
		if (this.closed) {
			return;
		}
		WatchOption options = WatchOption.builder()
			.isPrefix(true)
			.withRevision(this.revision + 1)
			.withRequireLeader(true)
			.withProgressNotify(true)
			.withCreateNotify(true)
			.build();
		this.watcher = this.client.getWatchClient()
			.watch(this.keys.all(), options, Watch.listener(this::onResponse, this::onError));
	}

	private void onResponse(WatchResponse response) {
		// Following etcd from when etcd says the watch is open, not from when it was asked for: a member that is
		// down or without a leader never opens it, and the replica says so (health, metrics) until one does.
		this.watching = true;
		if (response.isCreatedNotify()) {
			// Its revision is etcd's latest, not the last one delivered here: the missed events are still to come.
			return;
		}
		try {
			synchronized (this.monitor) {
				apply(response);
				this.backoffMillis = 100;
			}
		}
		catch (RuntimeException ex) {
			// One bad batch must not end the mirror: reading the prefix again repairs the view.
			logger.error("Could not apply etcd events; reading the registry again", ex);
			this.scheduler.execute(this::reload);
		}
	}

	private void apply(WatchResponse response) {
		long last = this.translator.apply(response.getEvents(), this.revision);
		advance(Math.max(last, response.getHeader().getRevision()));
	}

	private void advance(long to) {
		if (to > this.revision) {
			this.revision = to;
			this.monitor.notifyAll();
		}
	}

	private void onError(Throwable error) {
		this.watching = false;
		closeWatcher();
		if (this.closed) {
			return;
		}
		if (error instanceof CompactedException) {
			logger.warn("etcd compacted revisions this replica had not seen; reading the registry again");
			this.scheduler.execute(this::reload);
			return;
		}
		long delay;
		synchronized (this.monitor) {
			delay = this.backoffMillis;
			this.backoffMillis = Math.min(MAX_BACKOFF_MILLIS, this.backoffMillis * 2);
		}
		logger.warn("Lost the etcd watch at revision " + this.revision + " (" + error.getMessage()
				+ "); serving the last known view, watching again in " + delay + " ms");
		this.scheduler.schedule(this::watch, delay, TimeUnit.MILLISECONDS);
	}

	private void reload() {
		try {
			closeWatcher();
			load();
			watch();
		}
		catch (Exception ex) {
			if (!this.closed) {
				logger.warn("Could not read the registry from etcd (" + ex.getMessage() + "); trying again");
				this.scheduler.schedule(this::reload, MAX_BACKOFF_MILLIS, TimeUnit.MILLISECONDS);
			}
		}
	}

	private void closeWatcher() {
		Watch.Watcher current = this.watcher;
		this.watcher = null;
		if (current != null) {
			current.close();
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.watching = false;
		closeWatcher();
	}

}
