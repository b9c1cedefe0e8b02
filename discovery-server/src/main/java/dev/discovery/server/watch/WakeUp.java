package dev.discovery.server.watch;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the dispatcher when there is work. Signalling is cheap and never blocks, so it is safe under the registry's
 * write lock; a signal given while the dispatcher is busy is not lost.
 */
final class WakeUp {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition work = this.lock.newCondition();

	private boolean signalled;

	void signal() {
		this.lock.lock();
		try {
			this.signalled = true;
			this.work.signal();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits for a signal given since the last wait returned, or until the timeout.
	 * @param nanos the longest wait
	 * @throws InterruptedException if the dispatcher is being stopped
	 */
	void await(long nanos) throws InterruptedException {
		this.lock.lock();
		try {
			long left = nanos;
			while (!this.signalled && left > 0) {
				left = this.work.awaitNanos(left);
			}
			this.signalled = false;
		}
		finally {
			this.lock.unlock();
		}
	}

}
