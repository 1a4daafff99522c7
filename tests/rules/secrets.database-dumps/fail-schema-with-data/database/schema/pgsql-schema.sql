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

COPY public.invoices (id, total) FROM stdin;
5b0c8e1a-9f3d-4c2e-8a7b-1d6e4f2a9c30	4200
\.
