/** JMH benchmarks of Backline's hot paths; see {@code bench/*.sh} for how they are run and recorded. */
@NullMarked
package io.backline.benchmarks;

import org.jspecify.annotations.NullMarked;
