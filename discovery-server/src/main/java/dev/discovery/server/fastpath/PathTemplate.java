package dev.discovery.server.fastpath;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A path such as {@code /api/v1/services/{service}/instances}, matched without regular expressions: each variable is
 * one whole, non-empty segment, and a path with a {@code %} never matches (decoding it is Spring MVC's job).
 */
final class PathTemplate {

	/** The literal before each variable, then the one after the last ({@code ""} when the path ends in one). */
	private final String[] literals;

	private PathTemplate(String[] literals) {
		this.literals = literals;
	}

	/**
	 * The template of a pattern whose variables are whole segments.
	 * @param pattern the pattern, such as {@code /eureka/apps/{app}/{id}}
	 * @return its template
	 */
	static PathTemplate of(String pattern) {
		List<String> literals = new ArrayList<>();
		int start = 0;
		for (int open = pattern.indexOf('{'); open >= 0; open = pattern.indexOf('{', start)) {
			int close = pattern.indexOf('}', open);
			boolean segment = open > 0 && close > open + 1 && pattern.charAt(open - 1) == '/'
					&& (close == pattern.length() - 1 || pattern.charAt(close + 1) == '/');
			if (!segment) {
				throw new IllegalArgumentException("Not a whole-segment variable in " + pattern);
			}
			literals.add(pattern.substring(start, open));
			start = close + 1;
		}
		literals.add(pattern.substring(start));
		return new PathTemplate(literals.toArray(String[]::new));
	}

	/** The literal the pattern starts with: a path without it cannot match. */
	String prefix() {
		return this.literals[0];
	}

	/**
	 * The variables of a matching path.
	 * @param path the request's path, as sent (not decoded)
	 * @return the variables in the pattern's order, or {@code null} when the path does not match
	 */
	String @Nullable [] match(String path) {
		if (path.indexOf('%') >= 0 || !path.startsWith(this.literals[0])) {
			return null;
		}
		String[] variables = new String[this.literals.length - 1];
		int at = this.literals[0].length();
		for (int i = 0; i < variables.length; i++) {
			int end = path.indexOf('/', at);
			end = (end < 0) ? path.length() : end;
			String next = this.literals[i + 1];
			if (end == at || !path.startsWith(next, end)) {
				return null;
			}
			variables[i] = path.substring(at, end);
			at = end + next.length();
		}
		return (at == path.length()) ? variables : null;
	}

}
