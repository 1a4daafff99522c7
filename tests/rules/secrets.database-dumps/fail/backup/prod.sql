--
-- PostgreSQL database dump
--
COPY public.users (id, email) FROM stdin;
1	a@example.com
\.
