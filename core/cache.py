"""Django's Redis cache, keeping its redis-py client instead of making one for every call.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for each cache
call, and each one fills a table of about 170 response callbacks: measured, a
third of the time a page served from the page cache took. A redis-py client
holds no connection of its own (its pool does) and is safe to share between
threads, so one per connection pool does the same work.

    CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}}
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
