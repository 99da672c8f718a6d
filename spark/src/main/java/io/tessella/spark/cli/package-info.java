/**
 * {@code tessella spark index|outer|add|rowsum}: the local commands' options, outputs and one-line
 * errors, on Spark. {@link io.tessella.spark.cli.SparkCommand} is what {@code tessella} registers when
 * this module is on its classpath; everything else here is internal.
 */
package io.tessella.spark.cli;
