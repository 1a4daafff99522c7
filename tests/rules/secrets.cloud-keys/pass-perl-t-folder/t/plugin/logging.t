use t::APISIX "no_plan";
run_tests;
__DATA__
=== TEST 1: logs with the fake service account in t/plugin/config.json
