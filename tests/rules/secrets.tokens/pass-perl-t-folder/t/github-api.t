use Test::More;
# the API mock answers only this token
my $token = "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";
ok($token);
done_testing;
