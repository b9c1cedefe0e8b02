package dev.discovery.server.health;

/**
 * Which instances this registry node checks. A single node checks every instance; the nodes of a cluster split them
 * so that each instance is checked by exactly one live node, and move a node's share when it leaves.
 */
public interface CheckAssignment {

	/** Every instance is this node's. */
	CheckAssignment ALL = new CheckAssignment() {

		@Override
		public boolean assigned(String service, String instanceId) {
			return true;
		}

		@Override
		public long generation() {
			return 0;
		}

	};

	/**
	 * Whether this node checks an instance.
	 * @param service the service name
	 * @param instanceId the instance id
	 * @return {@code true} if it is this node's
	 */
	boolean assigned(String service, String instanceId);

	/**
	 * Moves whenever the assignment may have changed (a node joined or left); the checker then takes up what is now
	 * its own and drops the rest, at its next round.
	 * @return the generation
	 */
	long generation();

}
