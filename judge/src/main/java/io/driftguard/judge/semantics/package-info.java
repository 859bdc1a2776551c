/**
 * What a change means (tightening, widening, public, admin port, capacity down…), read from a
 * finding's {@code changes}; shared by severity, recommendation and the cause features.
 */
package io.driftguard.judge.semantics;
