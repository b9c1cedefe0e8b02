package dev.discovery.benchmarks.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Comparisons over several rounds of the same scenarios, as {@code --peer eureka} and {@code --cluster} make them: each
 * side's figure is its better round (on a shared machine a round can land on a busy moment, a JVM still compiling or
 * a GC pause; the better round is what the code reached), and every round is listed next to it so the spread shows.
 */
public final class Rounds {

	private Rounds() {
	}

	/**
	 * The better round: the highest throughput.
	 * @param results one scenario's results, one per round
	 * @return the best of them
	 * @throws java.util.NoSuchElementException if there are none
	 */
	public static RunResult best(Stream<RunResult> results) {
		return results.max(Comparator.comparingDouble(RunResult::throughput)).orElseThrow();
	}

	/**
	 * Requests per second, as the reports give them.
	 * @param result a result
	 * @return {@code 12,345}
	 */
	public static String rate(RunResult result) {
		return String.format(Locale.ROOT, "%,.0f", result.throughput());
	}

	/**
	 * Requests per second with the errors in brackets when there were any.
	 * @param result a result
	 * @return {@code 12,345} or {@code 12,345 (3)}
	 */
	public static String cell(RunResult result) {
		return rate(result) + ((result.errors() > 0) ? " (" + result.errors() + ")" : "");
	}

	/**
	 * Every round as a Markdown table: the key columns first (the first left-aligned), then one column per scenario
	 * with its requests per second ({@link #cell}).
	 * @param keyColumns the headings of the columns that say which round a row is
	 * @param scenarios the scenarios' headings
	 * @param rows one per round
	 * @return the table's lines
	 */
	public static List<String> table(List<String> keyColumns, List<String> scenarios, List<Row> rows) {
		StringBuilder head = new StringBuilder("|");
		StringBuilder rule = new StringBuilder("|");
		for (int i = 0; i < keyColumns.size(); i++) {
			head.append(' ').append(keyColumns.get(i)).append(" |");
			rule.append((i == 0) ? "---|" : "---:|");
		}
		for (String scenario : scenarios) {
			head.append(' ').append(scenario).append(" |");
			rule.append("---:|");
		}
		List<String> lines = new ArrayList<>(List.of(head.toString(), rule.toString()));
		for (Row row : rows) {
			StringBuilder line = new StringBuilder("|");
			row.keys().forEach((key) -> line.append(' ').append(key).append(" |"));
			row.cells().forEach((cell) -> line.append(' ').append(cell).append(" |"));
			lines.add(line.toString());
		}
		return lines;
	}

	/**
	 * One round's row.
	 *
	 * @param keys what says which round it is (who ran, the round's number, ...)
	 * @param cells one per scenario, in the order of the headings
	 */
	public record Row(List<String> keys, List<String> cells) {

		/**
		 * A row of results, each given as {@link #cell}.
		 * @param keys what says which round it is
		 * @param results one per scenario
		 * @return the row
		 */
		public static Row of(List<String> keys, List<RunResult> results) {
			return new Row(keys, results.stream().map(Rounds::cell).toList());
		}

	}

}
