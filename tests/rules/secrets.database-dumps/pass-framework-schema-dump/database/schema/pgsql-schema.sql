--
-- PostgreSQL database dump
--

CREATE TABLE public.invoices (
    id uuid NOT NULL,
    total integer NOT NULL
);

CREATE TABLE public.migrations (
    id integer NOT NULL,
    migration character varying(255) NOT NULL,
    batch integer NOT NULL
);

--
-- Data for Name: migrations; Type: TABLE DATA; Schema: public; Owner: -
--

COPY public.migrations (id, migration, batch) FROM stdin;
1	2023_01_01_000000_create_invoices_table	1
\.
