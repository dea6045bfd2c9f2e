package io.backline.edge;

/**
 * Which configuration a listener serves: the active versions (production), or the staged versions
 * with the active ones standing in for services that have none staged (staging, the self-hosted
 * counterpart of Fastly's staging IP addresses).
 */
public enum Environment {
    PRODUCTION,
    STAGING
}
