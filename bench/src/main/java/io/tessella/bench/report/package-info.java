/**
 * The benchmark report: reads the JMH JSON, the Python peers' JSON and the machine description that
 * {@code bench/run.sh} writes, and turns them into {@code summary.md} and PNG charts. One class per
 * concern: {@link io.tessella.bench.report.JmhResults} and {@link io.tessella.bench.report.PeerResults}
 * read, {@link io.tessella.bench.report.Findings} derives the tables' numbers,
 * {@link io.tessella.bench.report.SummaryWriter} writes Markdown, {@link io.tessella.bench.report.Charts}
 * draws, {@link io.tessella.bench.report.BenchReport} runs them.
 */
package io.tessella.bench.report;
