module example.com/ctl
