package dev.discovery.server.health;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A range of IP addresses in CIDR notation ({@code 169.254.0.0/16}, {@code fe80::/10}); a single address without a
 * prefix is a range of one. IPv4 ranges match IPv4 addresses only, IPv6 ranges IPv6 addresses only (the JDK turns
 * IPv4-mapped IPv6 addresses into IPv4 ones).
 *
 * @param network the range's first address
 * @param prefix how many leading bits an address must share with it
 * @param text the range as configured
 */
record AddressRange(byte[] network, int prefix, String text) {

	/**
	 * Parses a range.
	 * @param text {@code address/prefix} or {@code address}, with an IP literal (never a host name)
	 * @return the range
	 * @throws IllegalArgumentException naming the text and what is wrong
	 */
	static AddressRange parse(String text) {
		String trimmed = text.trim();
		int slash = trimmed.indexOf('/');
		String address = (slash < 0) ? trimmed : trimmed.substring(0, slash);
		if (address.isEmpty() || !address.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
			throw new IllegalArgumentException("'" + text + "' is not an address range such as 10.0.0.0/8 or fe80::/10");
		}
		byte[] bytes;
		try {
			// Only hex digits, dots and colons: parsed as a literal, never looked up.
			bytes = InetAddress.getByName(address).getAddress();
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("'" + text + "' is not an address range such as 10.0.0.0/8 or fe80::/10");
		}
		int prefix;
		try {
			prefix = (slash < 0) ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
		}
		catch (NumberFormatException ex) {
			prefix = -1;
		}
		if (prefix < 0 || prefix > bytes.length * 8) {
			throw new IllegalArgumentException("'" + text + "' has a prefix outside 0-" + bytes.length * 8);
		}
		return new AddressRange(bytes, prefix, trimmed);
	}

	boolean contains(InetAddress address) {
		byte[] candidate = address.getAddress();
		if (candidate.length != this.network.length) {
			return false;
		}
		int whole = this.prefix / 8;
		for (int i = 0; i < whole; i++) {
			if (candidate[i] != this.network[i]) {
				return false;
			}
		}
		int rest = this.prefix % 8;
		if (rest == 0) {
			return true;
		}
		int mask = (0xff << (8 - rest)) & 0xff;
		return (candidate[whole] & mask) == (this.network[whole] & mask);
	}

	@Override
	public String toString() {
		return this.text;
	}

}
