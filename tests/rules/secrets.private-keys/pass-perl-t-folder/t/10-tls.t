use Test::More;
# starts the server with t/assets/server.key
ok(1);
done_testing;
